using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Embeddings of one profile through the engine: each call leases the model (loading it when needed, as a chat request
/// does, so the residency policy and the queue apply) and returns it when the vectors are made. A
/// <see cref="ModelKeepAlive"/> in the options' AdditionalProperties sets how long the model stays loaded afterwards, and
/// <see cref="TruncateOptionKey"/> set to true cuts an input too long for the model instead of refusing it.
/// </summary>
public sealed class LeasedEmbeddingGenerator(IModelEngine engine, ModelLoadRequest request) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The AdditionalProperties key whose value true cuts an over-long input to the model's embedding window.</summary>
    public const string TruncateOptionKey = "modelscale.truncate";

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is not null)
        {
            throw new NotSupportedException("Shortened embeddings (Dimensions) are not supported; the vectors have the model's own size.");
        }

        var inputs = values.ToList();
        using var lease = await engine.LeaseAsync(request, ModelKeepAlive.From(options?.AdditionalProperties), cancellationToken);
        var truncate = options?.AdditionalProperties?.TryGetValue(TruncateOptionKey, out var value) == true && value is true;
        var (vectors, tokens) = await lease.Client.Model.Embeddings.EmbedAsync(inputs, truncate, cancellationToken);
        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = request.Id, CreatedAt = created }))
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata)
            ? new EmbeddingGeneratorMetadata("modelscale-llamasharp", defaultModelId: request.Id)
            : serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }
}
