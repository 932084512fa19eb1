using ModelScale.ChatHost.Replay.Quality;

namespace ModelScale.ChatHost.Tests.Replay.Quality;

/// <summary>chrF against values worked by hand and the value sacrebleu's documentation prints.</summary>
public sealed class ChrFTests
{
    [Fact]
    public void Score_MatchesTheValueSacrebleuDocuments()
    {
        // The Hugging Face chrF metric card (sacrebleu underneath, char order 6, beta 2) prints 61.576379378113785.
        var score = ChrF.Score(
            "The relationship between Obama and Netanyahu is not exactly friendly.",
            "The ties between Obama and Netanyahu are not particularly friendly.");

        Assert.Equal(61.576379378113785, score, 9);
    }

    [Fact]
    public void Score_AveragesPrecisionAndRecallOverTheOrdersBothTextsHave()
    {
        // "abc" vs "abd": unigrams 2/3 match, bigrams 1/2, trigrams 0/1; orders 4-6 exist in neither.
        // P = R = (2/3 + 1/2 + 0) / 3 = 7/18, so F = 7/18.
        Assert.Equal(100.0 * 7 / 18, ChrF.Score("abc", "abd"), 9);
    }

    [Fact]
    public void Score_WeighsRecallTwiceAsMuchAsPrecision()
    {
        // "ab" vs "abab": order 1 P = 1, R = 2/4; order 2 P = 1, R = 1/3; order 3 has no hypothesis n-gram.
        // P = 1, R = 5/12; F2 = 5PR / (4P + R) = 25/53.
        Assert.Equal(100.0 * 25 / 53, ChrF.Score("ab", "abab"), 9);

        // The other way round precision suffers instead, and counts less: P = 5/12, R = 1 gives 25/32.
        Assert.Equal(100.0 * 25 / 32, ChrF.Score("abab", "ab"), 9);
    }

    [Fact]
    public void Score_IgnoresWhitespace_AndIsHundredForTheSameText()
    {
        Assert.Equal(100, ChrF.Score("a cat\nsat", "acat sat"), 9);
    }

    [Fact]
    public void Score_IsZero_WhenNothingMatchesOrTheAnswerIsEmpty()
    {
        Assert.Equal(0, ChrF.Score("xyz", "abc"));
        Assert.Equal(0, ChrF.Score("", "abc"));
        Assert.Equal(0, ChrF.Score("   ", "abc"));
    }
}
