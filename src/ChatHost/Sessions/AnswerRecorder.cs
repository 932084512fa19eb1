using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// One answer under way in a <see cref="ChatTranscript"/>. It ends in exactly one of four ways: complete; cancelled (what was said stays, marked
/// incomplete, with what it cost); failed (nothing said: the user's message goes too; something said: kept,
/// marked incomplete); or abandoned by its reader (disposed first: kept, marked incomplete).
/// </summary>
public sealed class AnswerRecorder : IDisposable
{
    private readonly ChatTranscript _transcript;
    private readonly string? _profileId;
    private readonly StringBuilder _text = new();
    private bool _ended;

    internal AnswerRecorder(ChatTranscript transcript, string? profileId)
    {
        _transcript = transcript;
        _profileId = profileId;
    }

    /// <summary>The answer's stats, once they are known.</summary>
    public AnswerStats? Stats { get; set; }

    public void Append(string piece) => _text.Append(piece);

    public void Complete()
    {
        if (End(incomplete: false, Stats))
        {
            _transcript.SetLastStats(Stats);
        }
    }

    public void Cancel()
    {
        if (End(incomplete: true, Stats))
        {
            _transcript.SetLastStats(Stats ?? _transcript.LastStats);
        }
    }

    public void Fail()
    {
        if (_ended)
        {
            return;
        }

        if (_text.Length == 0)
        {
            _ended = true;
            _transcript.RemoveLast();
            return;
        }

        End(incomplete: true, stats: null);
    }

    /// <summary>Ends an answer nobody ended: its reader went away mid-answer.</summary>
    public void Dispose() => End(incomplete: true, Stats);

    private bool End(bool incomplete, AnswerStats? stats)
    {
        if (_ended)
        {
            return false;
        }

        _ended = true;
        _transcript.Add(new SessionMessage(ChatRole.Assistant, _text.ToString(), _profileId, stats, incomplete));
        return true;
    }
}
