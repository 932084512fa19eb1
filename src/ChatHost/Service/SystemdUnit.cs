using System.Text;

namespace ModelScale.ChatHost.Service;

/// <summary>What goes into the systemd unit.</summary>
/// <param name="Executable">The absolute command that starts modelscale.</param>
/// <param name="ServeArguments">Arguments after `serve` (--urls and the like).</param>
/// <param name="System">A system unit (multi-user.target, /etc/systemd/system) rather than a user unit.</param>
/// <param name="RunAs">For a system unit, the account to run as; null runs as root.</param>
/// <param name="Environment">Variables for the service (MODELSCALE_API_KEY, MODELSCALE_MODELS_DIR...).</param>
public sealed record SystemdUnitRequest(
    ServiceExecutable Executable,
    IReadOnlyList<string> ServeArguments,
    bool System,
    string? RunAs = null,
    IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>
/// Writes the systemd unit for `modelscale serve` (a pure function): Type=notify (the host reports ready and stopping
/// through sd_notify), an absolute ExecStart, Restart=on-failure, and a stop timeout beyond the host's own.
/// </summary>
public static class SystemdUnit
{
    public const string ServiceName = "modelscale";

    public const string FileName = ServiceName + ".service";

    /// <summary>Where the unit goes: /etc/systemd/system for a system unit, $XDG_CONFIG_HOME/systemd/user for a user unit.</summary>
    public static string PathFor(bool system, string? xdgConfigHome, string home) =>
        system
            ? Path.Combine("/etc", "systemd", "system", FileName)
            : Path.Combine(string.IsNullOrWhiteSpace(xdgConfigHome) || !Path.IsPathRooted(xdgConfigHome) ? Path.Combine(home, ".config") : xdgConfigHome, "systemd", "user", FileName);

    /// <exception cref="ServeException">A value holds a control character (a newline would start a line of its own).</exception>
    public static string Render(SystemdUnitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var exec = string.Join(' ', request.Executable.Command.Concat(["serve"]).Concat(request.ServeArguments).Select(Quote));
        var text = new StringBuilder()
            .Append("[Unit]\n")
            .Append("Description=ModelScale local chat service (OpenAI-compatible API)\n")
            .Append("After=network.target\n")
            .Append('\n')
            .Append("[Service]\n")
            .Append("Type=notify\n")
            .Append("ExecStart=").Append(exec).Append('\n')
            .Append("Restart=on-failure\n")
            .Append("RestartSec=5\n")
            .Append("TimeoutStopSec=30\n")
            .Append("Environment=DOTNET_NOLOGO=1\n");
        foreach (var (name, value) in (request.Environment ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append("Environment=").Append(Quote($"{name}={value}")).Append('\n');
        }

        if (request.System && request.RunAs is { } account)
        {
            text.Append("User=").Append(account).Append('\n');
        }

        return text
            .Append('\n')
            .Append("[Install]\n")
            .Append("WantedBy=").Append(request.System ? "multi-user.target" : "default.target").Append('\n')
            .ToString();
    }

    /// <summary>
    /// Refuses every value that cannot be written into a unit literally: a control character (a newline above all) would
    /// end the line and let the value write lines of its own, such as ExecStartPre=. Quoting cannot fix that.
    /// </summary>
    private static void Validate(SystemdUnitRequest request)
    {
        foreach (var word in request.Executable.Command)
        {
            Require(word, $"The path of the executable ({Shown(word)})");
        }

        foreach (var word in request.ServeArguments)
        {
            Require(word, $"The serve argument {Shown(word)}");
        }

        if (request.RunAs is { } account)
        {
            Require(account, $"The account {Shown(account)}");
        }

        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
            {
                throw new ServeException($"{Shown(name)} is not an environment variable name for a systemd unit (letters, digits and '_' only).");
            }

            Require(value, name == "MODELSCALE_API_KEY" ? "The API key" : $"The value of {name}");
        }
    }

    private static void Require(string value, string what)
    {
        if (value.Any(char.IsControl))
        {
            throw new ServeException($"{what} holds a control character (a newline, a tab or the like), which a systemd unit cannot hold literally; choose one without it.");
        }
    }

    /// <summary>A value as an error message shows it: control characters escaped, and no longer than 80 characters.</summary>
    private static string Shown(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return "'" + text + (value.Length > 80 ? "..." : string.Empty) + "'";
    }

    /// <summary>
    /// One ExecStart word: quoted when it holds spaces or quotes, with systemd's specifiers (%) and variables ($) escaped
    /// so that a path or key is taken literally.
    /// </summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var escaped = word.Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);
        if (escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';'))
        {
            return escaped;
        }

        return "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
