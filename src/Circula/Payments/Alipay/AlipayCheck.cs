namespace Circula.Payments.Alipay;

/// <summary>The outcome of checking something Alipay sent: <see cref="Failure"/> is null, or one of the reason codes.</summary>
public sealed record AlipayCheck(string? Failure)
{
    public const string SignatureInvalid = "signature_invalid";
    public const string MissingSignature = "missing_signature";
    public const string UnsupportedSignType = "unsupported_sign_type";

    /// <summary>A form field sent more than once: the sign content would be ambiguous.</summary>
    public const string DuplicateField = "duplicate_field";
    public const string AppIdMismatch = "app_id_mismatch";
    public const string OutTradeNoMismatch = "out_trade_no_mismatch";

    /// <summary><c>total_amount</c> missing or not a yuan amount with at most two decimals.</summary>
    public const string AmountInvalid = "amount_invalid";
    public const string AmountMismatch = "amount_mismatch";

    public static readonly AlipayCheck Passed = new((string?)null);

    public bool Succeeded => Failure is null;

    public static AlipayCheck Failed(string reason) => new(reason);
}
