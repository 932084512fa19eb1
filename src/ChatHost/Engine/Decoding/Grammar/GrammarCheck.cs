using System.Runtime.InteropServices;
using LLama.Native;

namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>
/// Asks llama.cpp whether it accepts a grammar before a sampler is built on it: LLamaSharp adds whatever
/// <c>llama_sampler_init_grammar</c> returns to the chain, and a grammar that does not parse (or is left-recursive)
/// returns NULL, which would crash the process at the first token instead of failing the request.
/// </summary>
internal static unsafe class GrammarCheck
{
    private static readonly Lock Gate = new();
    private static (nint Vocab, nint Init, nint Free)? _bindings;

    /// <summary>True when llama.cpp parses the grammar for this model's vocabulary.</summary>
    /// <exception cref="InvalidOperationException">libllama lacks the functions (a build this program does not know).</exception>
    public static bool Parses(SafeLlamaModelHandle model, GbnfGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(grammar);
        var (getVocab, init, free) = Bind();
        var text = Marshal.StringToCoTaskMemUTF8(grammar.Text);
        var root = Marshal.StringToCoTaskMemUTF8(grammar.Root);
        var added = false;
        try
        {
            model.DangerousAddRef(ref added);
            var vocab = ((delegate* unmanaged[Cdecl]<nint, nint>)getVocab)(model.DangerousGetHandle());
            var sampler = ((delegate* unmanaged[Cdecl]<nint, nint, nint, nint>)init)(vocab, text, root);
            if (sampler == 0)
            {
                return false;
            }

            ((delegate* unmanaged[Cdecl]<nint, void>)free)(sampler);
            return true;
        }
        finally
        {
            if (added)
            {
                model.DangerousRelease();
            }

            Marshal.FreeCoTaskMem(text);
            Marshal.FreeCoTaskMem(root);
        }
    }

    private static (nint Vocab, nint Init, nint Free) Bind()
    {
        lock (Gate)
        {
            if (_bindings is { } bound)
            {
                return bound;
            }

            // LLamaSharp's assembly resolver hands out the libllama it loaded (a model is loaded, so it has).
            if (!NativeLibrary.TryLoad("llama", typeof(NativeApi).Assembly, null, out var llama))
            {
                throw new InvalidOperationException("libllama could not be found to check a grammar.");
            }

            nint Find(string symbol) => NativeLibrary.TryGetExport(llama, symbol, out var address)
                ? address
                : throw new InvalidOperationException($"libllama lacks {symbol}.");

            _bindings = (Find("llama_model_get_vocab"), Find("llama_sampler_init_grammar"), Find("llama_sampler_free"));
            return _bindings.Value;
        }
    }
}
