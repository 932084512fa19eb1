using LLama;
using LLama.Common;
using LLama.Native;

namespace ModelScale.ChatHost.Engine.Loading;

/// <summary>
/// What `modelscale probe FILE` does in its child process: loads the model on the CPU with a small context, turns
/// every token back into text, renders a chat template and decodes one prompt. Each of these has taken a process
/// down on a hostile file somewhere in llama.cpp; here only the child goes down.
/// </summary>
internal static class ModelProbeRun
{
    private const uint ProbeContext = 128;

    private static readonly string ProbeText =
        new string([.. Enumerable.Range(0x20, 0x5F).Select(c => (char)c)]) + "\t\n\u00e9\u20ac\u4e2d\U0001F600";

    private static readonly Lock Gate = new();
    private static string _lastError = string.Empty;

    /// <summary>
    /// Loads and decodes once. llama.cpp's warnings and errors go to <paramref name="log"/> as they come (flushed, so
    /// the parent reads the last of them when the process dies), and must be routed before the first native call.
    /// </summary>
    /// <exception cref="ModelLoadException">llama.cpp refused the file without dying (the load or the decode failed).</exception>
    public static void Run(string path, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLibraryConfig.All.WithLogCallback((level, message) =>
            {
                if (level is LLamaLogLevel.Warning or LLamaLogLevel.Error)
                {
                    var text = message.TrimEnd('\n', '\r');
                    lock (Gate)
                    {
                        if (level == LLamaLogLevel.Error && text.Length > 0)
                        {
                            _lastError = text;
                        }

                        log.WriteLine(text);
                        log.Flush();
                    }
                }
            });
        }

        var parameters = new ModelParams(path)
        {
            GpuLayerCount = 0,
            ContextSize = ProbeContext,
            BatchSize = ProbeContext,
            UBatchSize = ProbeContext,
            Threads = 1,
            BatchThreads = 1,
        };

        using var weights = LoadWeights(parameters);
        using var context = weights.CreateContext(parameters);

        var decoder = new StreamingTokenDecoder(context);
        for (var token = 0; token < weights.Vocab.Count; token++)
        {
            decoder.Add((LLamaToken)token);
        }

        _ = decoder.Read();

        var template = new LLamaTemplate(weights, strict: false) { AddAssistant = true };
        template.Add("user", "Hello.");
        var prompt = LLamaTemplate.Encoding.GetString(template.Apply());

        // Every printable ASCII character and a few multi-byte ones: a vocabulary that lacks a byte aborts here.
        _ = context.Tokenize(ProbeText, addBos: false, special: false);
        var tokens = context.Tokenize(prompt, addBos: true, special: true);
        if (tokens.Length == 0)
        {
            tokens = [weights.Vocab.BOS ?? (LLamaToken)0];
        }

        var batch = new LLamaBatch();
        var count = Math.Min(tokens.Length, (int)ProbeContext - 1);
        for (var i = 0; i < count; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, i == count - 1);
        }

        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new ModelLoadException($"llama.cpp could not decode a prompt with '{Path.GetFileName(path)}' ({result}).");
        }
    }

    private static LLamaWeights LoadWeights(ModelParams parameters)
    {
        try
        {
            return LLamaWeights.LoadFromFile(parameters);
        }
        catch (LLama.Exceptions.LoadWeightsFailedException ex)
        {
            string detail;
            lock (Gate)
            {
                detail = _lastError;
            }

            throw new ModelLoadException(
                $"llama.cpp could not load '{Path.GetFileName(parameters.ModelPath)}': {(detail.Length > 0 ? detail : ex.Message)}", ex);
        }
    }
}
