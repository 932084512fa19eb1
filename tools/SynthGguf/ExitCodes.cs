namespace ModelScale.Tools.SynthGguf;

/// <summary>Process exit codes, as modelscale uses them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A bad input: an unknown shape or scheme, a missing folder or donor, a tokenizer that does not fit.</summary>
    public const int UserError = 1;
}
