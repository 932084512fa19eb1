namespace ModelScale.Profiles.Catalog;

/// <summary>One catalog file to read. An optional layer that does not exist is skipped; a required one is an error.</summary>
public sealed record CatalogLayer(string Path, bool IsOptional)
{
    public static CatalogLayer Required(string path) => new(path, IsOptional: false);

    public static CatalogLayer Optional(string path) => new(path, IsOptional: true);
}
