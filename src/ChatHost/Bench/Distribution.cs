namespace ModelScale.ChatHost.Bench;

/// <summary>Median, min and max of one figure over a benchmark's repeats.</summary>
public sealed record Distribution(double Median, double Min, double Max, int Count)
{
    /// <summary>Summarises <paramref name="values"/>; the median of an even count is the mean of the two middle values.</summary>
    public static Distribution Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("There are no values to summarise.", nameof(values));
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Distribution(median, sorted[0], sorted[^1], sorted.Length);
    }
}
