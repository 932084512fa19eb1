using System.Buffers;
using System.Text;
using LLama.Native;
using LLama.Sampling;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// The sampling pipeline of an answer that asked for log probabilities: the same llama.cpp chain as
/// <see cref="DefaultSamplingPipeline"/>, cut in two so that the candidates can be read between the filters (logit
/// bias, penalties, top-k, typical, top-p, min-p) and the pick (temperature, then the seeded draw). It picks exactly the
/// tokens the uncut chain would (same stages, same order, same seed), and after each pick <see cref="Last"/> describes
/// the token: its log probability under the distribution the draw used (softmax of the surviving logits over the
/// temperature), and the most likely alternatives. At temperature 0 the pick is the best candidate and the distribution
/// reported is the surviving candidates' at temperature 1 (at temperature 0 itself every answer token would be certain).
/// </summary>
/// <remarks>
/// With a grammar, LLamaSharp's sampler first draws without it and checks only the drawn token, drawing again over
/// the grammar's tokens when it is refused (llama.cpp's server does the same): the distribution reported is the one of
/// the draw that gave the token. Built only when asked (<see cref="SamplerFactory"/>): an answer without logprobs
/// never comes here.
/// </remarks>
public sealed class ProbingSamplingPipeline : DefaultSamplingPipeline
{
    /// <summary>The most alternatives one step can report (OpenAI's top_logprobs limit).</summary>
    public const int MostAlternatives = 20;

    private SafeLLamaSamplerChainHandle? _pick;
    private SafeLlamaModelHandle? _model;
    private LLamaTokenData[] _survivors = [];
    private int _survivorCount;

    /// <summary>How many of the most likely candidates each <see cref="TokenLogprob"/> names (0 to <see cref="MostAlternatives"/>).</summary>
    public int Alternatives
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MostAlternatives);
            field = value;
        }
    }

    /// <summary>The token of the last pick, described; null before the first.</summary>
    public TokenLogprob? Last { get; private set; }

    public override LLamaToken Sample(SafeLLamaContextHandle ctx, int index)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (Grammar is not null)
        {
            // LLamaSharp's grammar handling calls Apply below for every draw.
            return base.Sample(ctx, index);
        }

        // What llama_sampler_sample does, through Apply: every token with its logit, the chain, the selected one, accept.
        var logits = ctx.GetLogitsIth(index);
        var buffer = ArrayPool<LLamaTokenData>.Shared.Rent(logits.Length);
        try
        {
            using (LLamaTokenDataArrayNative.Create(LLamaTokenDataArray.Create(logits, buffer), out var native))
            {
                Apply(ctx, ref native);
                var token = native.Data[checked((int)native.Selected)].ID;
                Accept(token);
                return token;
            }
        }
        finally
        {
            ArrayPool<LLamaTokenData>.Shared.Return(buffer);
        }
    }

    public override void Apply(SafeLLamaContextHandle ctx, ref LLamaTokenDataArrayNative data)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        _model ??= ctx.ModelHandle;
        base.Apply(ctx, ref data);
        var survivors = data.Data;
        if (_survivors.Length < survivors.Length)
        {
            _survivors = new LLamaTokenData[survivors.Length];
        }

        survivors.CopyTo(_survivors);
        _survivorCount = survivors.Length;
        _pick!.Apply(ref data);
        Last = Describe(data.Data[checked((int)data.Selected)].ID);
    }

    public override void Reset()
    {
        base.Reset();
        _pick?.Reset();
        Last = null;
    }

    public override void Dispose()
    {
        _pick?.Dispose();
        _pick = null;
        base.Dispose();
    }

    /// <summary>The filters of LLamaSharp's chain; its last two stages (temperature and the draw) move to a chain of their own.</summary>
    protected override SafeLLamaSamplerChainHandle CreateChain(SafeLLamaContextHandle context)
    {
        var chain = base.CreateChain(context);
        var count = chain.Count;
        if (count < 2 || !chain.GetName(count - 2).StartsWith("temp", StringComparison.Ordinal) || chain.GetName(count - 1) != "dist")
        {
            var names = string.Join(", ", Enumerable.Range(0, count).Select(chain.GetName));
            chain.Dispose();
            throw new InvalidOperationException($"LLamaSharp's sampling chain no longer ends with temperature and the draw ({names}); logprobs cannot read the candidates before them.");
        }

        _pick = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        _pick.AddClone(chain, count - 2);
        _pick.AddClone(chain, count - 1);
        chain.Remove(count - 1);
        chain.Remove(count - 2);
        return chain;
    }

    private TokenLogprob Describe(LLamaToken chosen)
    {
        var divisor = Temperature > 0 ? Temperature : 1f;
        var survivors = _survivors.AsSpan(0, _survivorCount);
        var max = float.NegativeInfinity;
        foreach (var candidate in survivors)
        {
            max = Math.Max(max, candidate.Logit / divisor);
        }

        double sum = 0;
        var chosenLogit = float.NegativeInfinity;
        foreach (var candidate in survivors)
        {
            var z = candidate.Logit / divisor;
            if (!float.IsNegativeInfinity(z))
            {
                sum += Math.Exp(z - max);
            }

            if (candidate.ID == chosen)
            {
                chosenLogit = z;
            }
        }

        var logSum = max + Math.Log(sum);
        var top = new List<TokenAlternative>(Alternatives);
        foreach (var (id, z) in Best(survivors, divisor, Alternatives))
        {
            var bytes = Bytes(id);
            top.Add(new TokenAlternative(id, Encoding.UTF8.GetString(bytes), (float)(z - logSum), bytes));
        }

        var chosenBytes = Bytes(chosen);
        return new TokenLogprob((int)chosen, Encoding.UTF8.GetString(chosenBytes), (float)(chosenLogit - logSum), chosenBytes, top);
    }

    /// <summary>The <paramref name="count"/> candidates with the highest finite logits, best first (a tie keeps the earlier one first).</summary>
    private static List<(int Id, float Z)> Best(ReadOnlySpan<LLamaTokenData> candidates, float divisor, int count)
    {
        var best = new List<(int Id, float Z)>(count + 1);
        if (count == 0)
        {
            return best;
        }

        foreach (var candidate in candidates)
        {
            var z = candidate.Logit / divisor;
            if (float.IsNegativeInfinity(z) || (best.Count == count && z <= best[^1].Z))
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && best[at - 1].Z < z)
            {
                at--;
            }

            best.Insert(at, ((int)candidate.ID, z));
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }

        return best;
    }

    /// <summary>The token's text as the answer shows it (special tokens render as nothing there, so here too).</summary>
    private byte[] Bytes(LLamaToken token)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = (int)_model!.TokenToSpan(token, buffer, 0, false);
        if (length <= buffer.Length)
        {
            return buffer[..length].ToArray();
        }

        var large = new byte[length];
        _model.TokenToSpan(token, large, 0, false);
        return large;
    }
}
