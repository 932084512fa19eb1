using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

public class GgufTextTests
{
    [Fact]
    public void ControlCharacters_BecomeVisibleEscapes() =>
        Assert.Equal(@"\x1B[31mred\x1B[0m\x07\x7F\x85", GgufText.Printable("\u001b[31mred\u001b[0m\u0007\u007f\u0085"));

    [Fact]
    public void BidirectionalOverrides_AndLoneSurrogates_AreEscaped_WhilePairsStay() =>
        Assert.Equal(@"a\u202Eb\uD800c😀", GgufText.Printable("a\u202Eb\uD800c😀"));

    [Fact]
    public void LongText_IsCut_AndSaysHowMuchIsLeftOut() =>
        Assert.Equal("kkkkk... (95 more characters)", GgufText.Printable(new string('k', 100), 5));

    [Fact]
    public void AHugeKeyInAReadError_IsQuotedShort()
    {
        var key = new string('k', 60_000);
        var bytes = RawGguf.Header(tensors: 0, kvs: 1).Str(key).U32(99).ToArray();

        var error = Assert.Throws<GgufFormatException>(() => GgufFixtures.Read(bytes, "key.gguf"));

        Assert.Equal($"'key.gguf' is corrupt: metadata key '{new string('k', 80)}... (59,920 more characters)' has the unknown value type 99.", error.Message);
    }
}
