using Circula.Payments.Bills;

namespace Circula.Tests.Payments.Bills;

/// <summary>How the bill parsers' tests break a good file and what they expect of it: refused as bill_malformed, naming the line and why.</summary>
internal static class MalformedBill
{
    /// <summary><paramref name="text"/> with <paramref name="find"/> replaced, or cut just before it when <paramref name="replace"/> is empty (a file cut short).</summary>
    public static string Break(string text, string find, string replace) =>
        replace.Length == 0 ? text[..text.IndexOf(find, StringComparison.Ordinal)] : text.Replace(find, replace, StringComparison.Ordinal);

    public static void AssertRefused(Action parse, string reason)
    {
        var error = Assert.Throws<BillUnavailableException>(parse);
        Assert.Equal(BillUnavailableException.Malformed, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("line ", error.Message, StringComparison.Ordinal);
    }
}
