namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// Llama 3.1+ RoPE scaling ("rope_type": "llama3" in config.json). llama.cpp keeps it as a per-frequency divisor in
/// the F32 tensor rope_freqs.weight of head_dim / 2 elements: 1 for high frequencies, <see cref="Factor"/> for low
/// frequencies, and a smooth blend in between.
/// </summary>
public sealed record Llama3RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalContextLength)
{
    /// <summary>The divisor for each of the head_dim / 2 rotary frequencies of a head, as rope_freqs.weight holds them.</summary>
    public float[] Divisors(int headDim, double ropeFreqBase)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headDim);
        var lowFreqWavelength = OriginalContextLength / LowFreqFactor;
        var highFreqWavelength = OriginalContextLength / HighFreqFactor;
        var divisors = new float[headDim / 2];
        for (var i = 0; i < divisors.Length; i++)
        {
            var frequency = Math.Pow(ropeFreqBase, -2.0 * i / headDim);
            var wavelength = 2 * Math.PI / frequency;
            double divisor;
            if (wavelength < highFreqWavelength)
            {
                divisor = 1;
            }
            else if (wavelength > lowFreqWavelength)
            {
                divisor = Factor;
            }
            else
            {
                // Between the two bands, blend the scaled and unscaled frequency linearly in 1/wavelength.
                var smooth = ((OriginalContextLength / wavelength) - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
                divisor = 1 / (((1 - smooth) / Factor) + smooth);
            }

            divisors[i] = (float)divisor;
        }

        return divisors;
    }
}
