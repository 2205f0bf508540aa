using Circula.Tests.Infrastructure;

namespace Circula.Tests.Docs;

/// <summary>
/// Documents generated from the code. A test compares each with the file in docs/; with <c>CIRCULA_WRITE_DOCS=1</c> it
/// writes the file instead (and still fails, so a run that rewrote a document is never mistaken for a green one).
/// </summary>
internal static class GeneratedDocs
{
    public const string WriteVariable = "CIRCULA_WRITE_DOCS";

    private static bool Writing => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    /// <summary>The whole file <paramref name="relativePath"/> must be <paramref name="expected"/>.</summary>
    public static void AssertFile(string relativePath, string expected)
    {
        var path = Path.Combine(RepositoryRoot.Path, relativePath);
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        Check(path, actual, expected, expected);
    }

    /// <summary>The text between <c>&lt;!-- generated: {name} --&gt;</c> and <c>&lt;!-- /generated --&gt;</c> in <paramref name="relativePath"/> must be <paramref name="expected"/>.</summary>
    public static void AssertRegion(string relativePath, string name, string expected)
    {
        var path = Path.Combine(RepositoryRoot.Path, relativePath);
        var text = File.ReadAllText(path);
        var start = $"<!-- generated: {name} -->\n";
        const string end = "<!-- /generated -->";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"{relativePath} has no '{start.Trim()}' region; add one where the generated text belongs.");
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to >= 0, $"{relativePath}: the '{name}' region is not closed with '{end}'.");
        Check(path, text[from..to], expected, text[..from] + expected + text[to..]);
    }

    private static void Check(string path, string actual, string expected, string rewritten)
    {
        if (actual == expected)
        {
            return;
        }

        if (Writing)
        {
            File.WriteAllText(path, rewritten);
        }

        Assert.Fail($"{path} differs from what the code generates. Run the tests with {WriteVariable}=1 to rewrite it, then review the diff." +
            (Writing ? " (rewritten now)" : ""));
    }
}
