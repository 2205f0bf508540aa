using Circula.Payments.Alipay;

namespace Circula.Tests.Payments.Alipay;

public sealed class AlipayAmountTests
{
    [Theory]
    [InlineData("0.01", 1)]
    [InlineData("88.88", 8888)]
    [InlineData("100", 10000)]
    [InlineData("1.5", 150)]
    [InlineData("1.50", 150)]
    [InlineData("0.10", 10)]
    [InlineData("0", 0)]
    [InlineData("19.9", 1990)]
    [InlineData("100000000.00", 10000000000)]
    public void Yuan_strings_become_exact_fen(string yuan, long fen)
    {
        Assert.True(AlipayAmount.TryParseFen(yuan, out var parsed));
        Assert.Equal(fen, parsed);
    }

    [Theory]
    [InlineData("1.234")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("01.00")]
    [InlineData("1,00")]
    [InlineData("1.2.3")]
    [InlineData("１")]
    [InlineData("٣")]
    [InlineData("NaN")]
    [InlineData("100000000.01")]
    [InlineData("99999999999999999999")]
    public void Anything_else_is_rejected(string? yuan)
    {
        Assert.False(AlipayAmount.TryParseFen(yuan, out var fen));
        Assert.Equal(0, fen);
    }

    [Theory]
    [InlineData(1, "0.01")]
    [InlineData(5, "0.05")]
    [InlineData(150, "1.50")]
    [InlineData(1234, "12.34")]
    [InlineData(8888, "88.88")]
    [InlineData(10000, "100.00")]
    [InlineData(10000000000, "100000000.00")]
    public void Fen_is_written_as_yuan_with_two_decimals_and_reads_back(long fen, string yuan)
    {
        Assert.Equal(yuan, AlipayAmount.FormatYuan(fen));
        Assert.True(AlipayAmount.TryParseFen(yuan, out var back));
        Assert.Equal(fen, back);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10000000001)]
    public void Amounts_alipay_would_refuse_are_not_written(long fen) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AlipayAmount.FormatYuan(fen));
}
