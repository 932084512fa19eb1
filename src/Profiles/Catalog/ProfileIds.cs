namespace ModelScale.Profiles.Catalog;

/// <summary>Profile id rules and near-miss suggestions.</summary>
public static class ProfileIds
{
    /// <summary>The rule, in words, for error messages.</summary>
    public const string Rule = "ids use lowercase letters, digits, '.', '-' and '_', and start with a letter or digit";

    /// <summary>The rule as a regular expression, as in models.schema.json.</summary>
    public const string Pattern = "^[a-z0-9][a-z0-9._-]*$";

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || !IsLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The closest candidate to <paramref name="id"/> when it is a near miss, otherwise null.</summary>
    public static string? Suggest(string id, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(candidates);

        var wanted = id.Trim().ToLowerInvariant();
        var allowed = Math.Max(1, Math.Min(2, wanted.Length / 3));
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var lower = candidate.ToLowerInvariant();
            var distance = Distance(wanted, lower);

            // On a tie, a candidate that only adds to what was typed ("13" -> "13b") beats a different one ("1b").
            var score = (distance * 2) - (lower.StartsWith(wanted, StringComparison.Ordinal) ? 1 : 0);
            if (distance <= allowed && score < bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    /// <summary>Levenshtein distance.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
