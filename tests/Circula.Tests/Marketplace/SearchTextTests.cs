using Circula.Marketplace.Search;

namespace Circula.Tests.Marketplace;

/// <summary>How the search splits text, and which words are one typo apart: the same for listings and queries.</summary>
public sealed class SearchTextTests
{
    private static string[] Words(string text) => SearchText.Words(text).Select(w => w.Word).ToArray();

    [Fact]
    public void Mixed_text_splits_into_latin_words_numbers_and_chinese_words()
    {
        Assert.Equal(["iphone", "15", "pro", "手机"], Words("iPhone15Pro 手机"));
        Assert.Equal(["iphone", "15", "手机"], Words("ＩＰＨＯＮＥ１５，手机"));
        Assert.Equal(["二手", "iphone", "手机壳", "九成新"], Words("二手iPhone手机壳·九成新"));
    }

    [Fact]
    public void A_compound_keeps_its_dictionary_parts_and_says_whether_they_spell_it()
    {
        var used = Assert.Single(SearchText.Words("二手手机"));
        Assert.Equal(["二手", "手机"], used.Parts);
        Assert.Equal(["二手", "手机"], used.Tiling);
        var cover = Assert.Single(SearchText.Words("手机壳"));
        Assert.Equal(["手机", "机壳"], cover.Parts);
        Assert.Null(cover.Tiling);
    }

    [Theory]
    [InlineData("iphone", "iphone", true)]
    [InlineData("iphnoe", "iphone", true)]
    [InlineData("ipone", "iphone", true)]
    [InlineData("iphonee", "iphone", true)]
    [InlineData("iphane", "iphone", true)]
    [InlineData("xab", "abx", false)]
    [InlineData("ipnohe", "iphone", false)]
    [InlineData("iph", "iphone", false)]
    public void One_insertion_deletion_substitution_or_swap_is_one_edit(string a, string b, bool expected)
    {
        Assert.Equal(expected, TypoSpellings.WithinOneEdit(a, b));
        Assert.Equal(expected, TypoSpellings.WithinOneEdit(b, a));
        Assert.Equal(expected, expected && TypoSpellings.Of(a).Intersect(TypoSpellings.Of(b)).Any());
    }
}
