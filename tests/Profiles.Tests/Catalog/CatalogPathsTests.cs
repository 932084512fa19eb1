using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Tests.Catalog;

public sealed class CatalogPathsTests
{
    private const string Base = "/opt/modelscale";

    [Fact]
    public void Resolve_OnLinuxWithXdgVariables_UsesXdgConfigAndDataHome()
    {
        var env = new FakePlatformEnvironment { HomeDirectory = "/home/u" };
        env.Variables["XDG_CONFIG_HOME"] = "/cfg";
        env.Variables["XDG_DATA_HOME"] = "/data";

        var paths = CatalogPaths.Resolve(env, null, Base);

        Assert.Equal(Path.Combine("/cfg", "modelscale", "models.json"), paths.User);
        Assert.Equal(Path.Combine("/data", "modelscale", "models"), paths.ModelsDirectory);
    }

    [Fact]
    public void Resolve_OnLinuxWithoutXdgVariables_UsesDotConfigAndDotLocalShare()
    {
        var env = new FakePlatformEnvironment { HomeDirectory = "/home/u" };

        var paths = CatalogPaths.Resolve(env, null, Base);

        Assert.Equal(Path.Combine("/home/u", ".config", "modelscale", "models.json"), paths.User);
        Assert.Equal(Path.Combine("/home/u", ".local", "share", "modelscale", "models"), paths.ModelsDirectory);
    }

    [Fact]
    public void Resolve_OnLinux_IgnoresRelativeXdgVariables()
    {
        var env = new FakePlatformEnvironment { HomeDirectory = "/home/u" };
        env.Variables["XDG_CONFIG_HOME"] = "relative/cfg";

        var paths = CatalogPaths.Resolve(env, null, Base);

        Assert.Equal(Path.Combine("/home/u", ".config", "modelscale", "models.json"), paths.User);
    }

    [Fact]
    public void Resolve_OnWindows_UsesAppDataAndLocalAppData()
    {
        var env = new FakePlatformEnvironment { IsWindows = true, HomeDirectory = "/users/u" };
        env.Folders[Environment.SpecialFolder.ApplicationData] = "/users/u/AppData/Roaming";
        env.Folders[Environment.SpecialFolder.LocalApplicationData] = "/users/u/AppData/Local";
        env.Variables["XDG_CONFIG_HOME"] = "/ignored";

        var paths = CatalogPaths.Resolve(env, null, Base);

        Assert.Equal(Path.Combine("/users/u/AppData/Roaming", "ModelScale", "models.json"), paths.User);
        Assert.Equal(Path.Combine("/users/u/AppData/Local", "ModelScale", "models"), paths.ModelsDirectory);
    }

    [Fact]
    public void Resolve_OnMacOS_UsesApplicationSupport()
    {
        var env = new FakePlatformEnvironment { IsMacOS = true, HomeDirectory = "/Users/u" };

        var paths = CatalogPaths.Resolve(env, null, Base);

        Assert.Equal(Path.Combine("/Users/u", "Library", "Application Support", "ModelScale", "models.json"), paths.User);
        Assert.Equal(Path.Combine("/Users/u", "Library", "Application Support", "ModelScale", "models"), paths.ModelsDirectory);
    }

    [Fact]
    public void Resolve_BuiltInIsBesideTheExecutableNotTheWorkingDirectory()
    {
        var env = new FakePlatformEnvironment();

        Assert.Equal(Path.Combine(Base, "models.json"), CatalogPaths.Resolve(env, null, Base).BuiltIn);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models.json"), CatalogPaths.Resolve(env, null).BuiltIn);
    }

    [Fact]
    public void Resolve_ModelsDirectory_ExplicitBeatsEnvironmentBeatsDefault()
    {
        var env = new FakePlatformEnvironment { HomeDirectory = "/home/u" };
        env.Variables[CatalogPaths.ModelsDirectoryVariable] = "/from-env";

        Assert.Equal(Path.GetFullPath("/from-cli"), CatalogPaths.Resolve(env, "/from-cli", Base).ModelsDirectory);
        Assert.Equal(Path.GetFullPath("/from-env"), CatalogPaths.Resolve(env, null, Base).ModelsDirectory);
        Assert.Equal(Path.GetFullPath("/from-env"), CatalogPaths.Resolve(env, "  ", Base).ModelsDirectory);

        env.Variables[CatalogPaths.ModelsDirectoryVariable] = "";
        Assert.Equal(Path.Combine("/home/u", ".local", "share", "modelscale", "models"), CatalogPaths.Resolve(env, null, Base).ModelsDirectory);
    }

    [Fact]
    public void Resolve_ModelsDirectory_ExpandsALeadingTildeToTheHomeFolder()
    {
        var env = new FakePlatformEnvironment { HomeDirectory = "/home/u" };
        env.Variables[CatalogPaths.ModelsDirectoryVariable] = "~/big-disk/models";

        Assert.Equal(Path.Combine("/home/u", "big-disk", "models"), CatalogPaths.Resolve(env, null, Base).ModelsDirectory);
    }

    [Fact]
    public void Resolve_WhenNoHomeAndNoOverride_ThrowsSayingHowToSetTheModelsFolder()
    {
        var env = new FakePlatformEnvironment { HomeDirectory = "" };

        var error = Assert.Throws<CatalogException>(() => CatalogPaths.Resolve(env, null, Base));

        Assert.Contains("--models-dir", error.Message, StringComparison.Ordinal);
        Assert.Null(CatalogPaths.Resolve(env, "/m", Base).User);
    }
}
