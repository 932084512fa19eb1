namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>
/// chrF, the character n-gram F-score of Popović (2015), as sacrebleu computes it by default: character n-grams of
/// orders 1 to 6 with whitespace removed, precision and recall each averaged over the orders that both texts have
/// n-grams of, then combined with β = 2 (recall weighs twice as much as precision); 0 to 100.
/// </summary>
public static class ChrF
{
    public const int Order = 6;

    public const double Beta = 2;

    /// <summary>The chrF of <paramref name="hypothesis"/> against <paramref name="reference"/>, from 0 to 100.</summary>
    public static double Score(string hypothesis, string reference)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(reference);
        var hyp = WithoutWhitespace(hypothesis);
        var refText = WithoutWhitespace(reference);

        double precision = 0, recall = 0;
        var effectiveOrder = 0;
        for (var n = 1; n <= Order; n++)
        {
            var hypGrams = NGrams(hyp, n);
            var refGrams = NGrams(refText, n);
            var hypCount = hypGrams.Values.Sum();
            var refCount = refGrams.Values.Sum();
            if (hypCount == 0 || refCount == 0)
            {
                continue;
            }

            var matches = hypGrams.Sum(g => Math.Min(g.Value, refGrams.GetValueOrDefault(g.Key)));
            precision += (double)matches / hypCount;
            recall += (double)matches / refCount;
            effectiveOrder++;
        }

        if (effectiveOrder == 0)
        {
            return 0;
        }

        precision /= effectiveOrder;
        recall /= effectiveOrder;
        if (precision + recall == 0)
        {
            return 0;
        }

        var factor = Beta * Beta;
        return 100 * (1 + factor) * precision * recall / ((factor * precision) + recall);
    }

    private static string WithoutWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Counts of the n-grams of <paramref name="text"/>, by text elements (a surrogate pair is one character).</summary>
    private static Dictionary<string, int> NGrams(string text, int n)
    {
        var chars = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var elements = new List<string>();
        while (chars.MoveNext())
        {
            elements.Add(chars.GetTextElement());
        }

        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= elements.Count; i++)
        {
            var gram = string.Concat(elements.Skip(i).Take(n));
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }

        return grams;
    }
}
