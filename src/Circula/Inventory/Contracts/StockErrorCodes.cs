namespace Circula.Inventory.Contracts;

/// <summary>Problem codes every module that changes stock answers with, so clients see one code for one situation.</summary>
public static class StockErrorCodes
{
    /// <summary>Less is available (or, for an on-hand edit, less would remain than open orders have reserved) than the change needs.</summary>
    public const string InsufficientStock = "insufficient_stock";
}
