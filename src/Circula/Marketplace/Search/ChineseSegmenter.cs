using System.Reflection;
using JiebaNet.Segmenter;

namespace Circula.Marketplace.Search;

/// <summary>
/// jieba.NET, loaded once per process (about half a second, 36 MB) from the dictionary files the build copies into
/// <c>jieba/</c> next to this assembly, plus the trade words of <c>marketplace-words.txt</c>. HMM guessing of unknown
/// words is off: it makes a word's tokens depend on its neighbours, so a query and a title could split the same word
/// differently; unknown runs fall apart into single characters the same way everywhere.
/// </summary>
internal static class ChineseSegmenter
{
    private static readonly Lazy<JiebaSegmenter> Segmenter = new(Load);

    /// <summary>The words of a run of Chinese characters, longest dictionary words first (jieba's precise mode).</summary>
    public static IEnumerable<string> Words(string run) => Segmenter.Value.Cut(run, cutAll: false, hmm: false);

    /// <summary>The shorter dictionary words inside <paramref name="word"/> (jieba's search mode), without the word itself.</summary>
    public static IEnumerable<string> Parts(string word) =>
        word.Length < 3 ? [] : Segmenter.Value.CutForSearch(word, hmm: false).Where(p => p != word);

    private static JiebaSegmenter Load()
    {
        var folder = Path.Combine(Path.GetDirectoryName(typeof(ChineseSegmenter).Assembly.Location) ?? AppContext.BaseDirectory, "jieba");
        if (!File.Exists(Path.Combine(folder, "dict.txt")))
        {
            throw new InvalidOperationException($"jieba's dictionary is missing from {folder}: the build copies it there from the jieba.NET package.");
        }

        ConfigManager.ConfigFileBaseDir = folder;
        var segmenter = new JiebaSegmenter();
        using var words = new StreamReader(Assembly.GetExecutingAssembly().GetManifestResourceStream("marketplace-words.txt")!);
        while (words.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#' && line.Split(' ') is [var word, var frequency])
            {
                segmenter.AddWord(word, int.Parse(frequency, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return segmenter;
    }
}
