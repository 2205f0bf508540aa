using System.Security.Cryptography;

namespace Circula.Payments.WeChatPay;

/// <summary>Where request and paySign nonces come from; tests substitute a fixed one to reproduce published vectors.</summary>
public interface IWeChatPayNonceSource
{
    string NextNonce();
}

/// <summary>32 characters from <c>[0-9a-zA-Z]</c>, from the system's cryptographic random generator (as the Go SDK does).</summary>
public sealed class RandomWeChatPayNonceSource : IWeChatPayNonceSource
{
    public const int Length = 32;
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public string NextNonce() => RandomNumberGenerator.GetString(Alphabet, Length);
}
