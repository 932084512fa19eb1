namespace ModelScale.Profiles.Files;

/// <summary>What a path names, as the kernel sees it (see <see cref="FileKinds"/>).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,

    /// <summary>A symbolic link; only <see cref="FileKinds.OfLink"/> says so (<see cref="FileKinds.Of"/> follows it).</summary>
    SymbolicLink,

    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>The platform gave no type (a system where the check is not implemented); readers treat it as regular.</summary>
    Unknown,
}
