using System.Globalization;
using System.Text.RegularExpressions;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Tests.Engine.Decoding.Grammar;

public sealed class IntegerRangeGrammarTests
{
    /// <summary>A range expression uses only digit literals, classes, groups, alternation and counts: as a regex it is the same language.</summary>
    private static Regex AsRegex(string expression) =>
        new($"^({expression.Replace("\"", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal)})$", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(0L, 9L)]
    [InlineData(1L, 120L)]
    [InlineData(-3L, 300L)]
    [InlineData(-1000L, -10L)]
    [InlineData(11L, 12L)]
    [InlineData(17L, 1234L)]
    [InlineData(-999L, 999L)]
    [InlineData(100L, 199L)]
    [InlineData(-57L, -57L)]
    [InlineData(305L, 1190L)]
    public void Expression_MatchesExactlyTheIntegersOfTheRange(long min, long max)
    {
        var regex = AsRegex(IntegerRangeGrammar.Expression(min, max)!);
        for (var value = -1300L; value <= 1300; value++)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            Assert.True(regex.IsMatch(text) == (value >= min && value <= max), $"[{min}, {max}] {(regex.IsMatch(text) ? "matches" : "misses")} {text}");
        }

        Assert.DoesNotMatch(regex, "05");
        Assert.DoesNotMatch(regex, "-0");
    }

    [Fact]
    public void Expression_OpenBounds_ReachSixteenDigits()
    {
        var atLeast = AsRegex(IntegerRangeGrammar.Expression(250, null)!);
        Assert.DoesNotMatch(atLeast, "249");
        Assert.Matches(atLeast, "250");
        Assert.Matches(atLeast, "9999999999999999");
        Assert.DoesNotMatch(atLeast, "10000000000000000");

        var atMost = AsRegex(IntegerRangeGrammar.Expression(null, -7)!);
        Assert.Matches(atMost, "-7");
        Assert.Matches(atMost, "-123456");
        Assert.DoesNotMatch(atMost, "-6");
        Assert.DoesNotMatch(atMost, "0");
    }

    [Fact]
    public void Expression_EmptyRange_IsNull() => Assert.Null(IntegerRangeGrammar.Expression(5, 4));
}
