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
/// never comes here. Each step costs two passes over the survivors where llama.cpp left them (the largest value and
/// the best few, then the sum of exponentials) and nothing the size of the vocabulary is copied or allocated. Plain
/// greedy (temperature 0, no filter) skips the chain and makes those two passes over the model's logits directly.
/// </remarks>
public sealed class ProbingSamplingPipeline : DefaultSamplingPipeline
{
    /// <summary>The most alternatives one step can report (OpenAI's top_logprobs limit).</summary>
    public const int MostAlternatives = 20;

    private SafeLLamaSamplerChainHandle? _pick;
    private SafeLlamaModelHandle? _model;

    /// <summary>The best survivors of the current step, best first: at most <see cref="Alternatives"/>, reused from step to step.</summary>
    private readonly (int Id, float Z)[] _best = new (int Id, float Z)[MostAlternatives];

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

        if (IsPlainGreedy && SampleGreedy(ctx, index) is { } greedy)
        {
            return greedy;
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

        // What the description needs is read from the survivors where they lie, before the pick rewrites them: no copy.
        var divisor = Temperature > 0 ? Temperature : 1f;
        var survivors = new Survivors(data.Data);
        var (max, best) = Scan(survivors, divisor, _best.AsSpan(0, Alternatives));
        var logSum = max + Math.Log(SumExp(survivors, divisor, max));
        _pick!.Apply(ref data);

        // The pick divides every survivor's logit by the temperature in place (llama.cpp's temp sampler, `logit /= temp`,
        // the same float division as Scan's), or at temperature 0 leaves the best one's logit as it was and sets the
        // others to -inf; the draw only adds probabilities. So the chosen survivor's logit now is its z.
        var chosen = data.Data[checked((int)data.Selected)];
        Last = Describe(chosen.ID, chosen.Logit, logSum, _best.AsSpan(0, best));
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
        if (count < 2 || !IsTemperature(chain.GetName(count - 2)) || chain.GetName(count - 1) != "dist")
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

    /// <summary>
    /// llama.cpp's plain temperature stage: "temp", or "?temp", the do-nothing stand-in it puts in the chain for a
    /// temperature of exactly 1 (the logits stay as they are, which the description's divisor of 1 agrees with). Not
    /// "temp-ext" (dynamic temperature): it divides each step's logits by a temperature of its own, not by
    /// <see cref="DefaultSamplingPipeline.Temperature"/>, so the chosen logit after the pick would not be the z the
    /// log-sum was taken over. Nothing asks for it; a chain with it is refused rather than described wrongly.
    /// </summary>
    internal static bool IsTemperature(string name) => name is "temp" or "?temp";

    /// <summary>
    /// Temperature 0 and no stage that changes a logit or drops a candidate: what plain greedy answers run
    /// (<see cref="SamplerFactory"/> gives them LLamaSharp's greedy pipeline).
    /// </summary>
    private bool IsPlainGreedy => Temperature <= 0 && Grammar is null && LogitBias.Count == 0 && RepeatPenalty == 1 && FrequencyPenalty == 0
        && PresencePenalty == 0 && TopK <= 0 && TypicalP >= 1 && TopP >= 1 && MinP <= 0;

    /// <summary>
    /// Plain greedy: every token survives with the model's own logit and the pick is the first best one (llama.cpp's
    /// greedy sampler, and what the chain's temperature 0 keeps), so the logits are read where the context keeps them
    /// and the chain is not run. Null when no logit is finite (the chain then decides, as before).
    /// </summary>
    private LLamaToken? SampleGreedy(SafeLLamaContextHandle ctx, int index)
    {
        _model ??= ctx.ModelHandle;
        var logits = new Logits(ctx.GetLogitsIth(index));
        var (max, best) = Scan(logits, 1f, _best.AsSpan(0, Math.Max(1, Alternatives)));
        if (best == 0)
        {
            return null;
        }

        var logSum = max + Math.Log(SumExp(logits, 1f, max));
        var (id, z) = _best[0];
        Accept(id);
        Last = Describe(id, z, logSum, _best.AsSpan(0, Math.Min(best, Alternatives)));
        return id;
    }

    /// <summary>
    /// One pass over the survivors: the largest z (logit over <paramref name="divisor"/>) and the candidates with the
    /// highest finite z, best first (a tie keeps the earlier one first), in <paramref name="best"/>, whose length is how
    /// many are wanted. Returns the largest z and how many of <paramref name="best"/> were filled.
    /// </summary>
    private static (float Max, int Count) Scan<T>(T candidates, float divisor, Span<(int Id, float Z)> best)
        where T : ICandidates, allows ref struct
    {
        var max = float.NegativeInfinity;
        var count = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var z = candidates.Logit(i) / divisor;
            max = Math.Max(max, z);
            if (float.IsNegativeInfinity(z) || (count == best.Length && (count == 0 || z <= best[count - 1].Z)))
            {
                continue;
            }

            // Insertion into a list of at most 20: after any equal z, so the earlier candidate stays first.
            var at = count == best.Length ? count - 1 : count++;
            while (at > 0 && best[at - 1].Z < z)
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = (candidates.Id(i), z);
        }

        return (max, count);
    }

    /// <summary>
    /// The sum of exp(z - <paramref name="max"/>) over the candidates, in their order, in double: the same arithmetic as
    /// ever, so every logprob reported stays the same to the bit (a vectorized exponential would differ in the last bits).
    /// </summary>
    private static double SumExp<T>(T candidates, float divisor, float max)
        where T : ICandidates, allows ref struct
    {
        double sum = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var z = candidates.Logit(i) / divisor;
            if (!float.IsNegativeInfinity(z))
            {
                sum += Math.Exp(z - max);
            }
        }

        return sum;
    }

    private TokenLogprob Describe(LLamaToken chosen, float chosenZ, double logSum, ReadOnlySpan<(int Id, float Z)> best)
    {
        var top = new List<TokenAlternative>(best.Length);
        foreach (var (id, z) in best)
        {
            var bytes = Bytes(id);
            top.Add(new TokenAlternative(id, Encoding.UTF8.GetString(bytes), (float)(z - logSum), bytes));
        }

        var chosenBytes = Bytes(chosen);
        return new TokenLogprob((int)chosen, Encoding.UTF8.GetString(chosenBytes), (float)(chosenZ - logSum), chosenBytes, top);
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

    /// <summary>The candidates one step reads: a token id and its logit, by position.</summary>
    private interface ICandidates
    {
        int Count { get; }

        int Id(int i);

        float Logit(int i);
    }

    /// <summary>The chain's survivors, in native memory.</summary>
    private readonly ref struct Survivors(ReadOnlySpan<LLamaTokenData> data) : ICandidates
    {
        private readonly ReadOnlySpan<LLamaTokenData> _data = data;

        public int Count => _data.Length;

        public int Id(int i) => (int)_data[i].ID;

        public float Logit(int i) => _data[i].Logit;
    }

    /// <summary>The model's logits, the token id being the position.</summary>
    private readonly ref struct Logits(ReadOnlySpan<float> logits) : ICandidates
    {
        private readonly ReadOnlySpan<float> _logits = logits;

        public int Count => _logits.Length;

        public int Id(int i) => i;

        public float Logit(int i) => _logits[i];
    }
}
