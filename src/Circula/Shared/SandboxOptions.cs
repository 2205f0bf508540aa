namespace Circula.Shared;

/// <summary>
/// Bound from <c>Circula:Sandbox</c>. When enabled, third-party services without configured endpoints (WeChat, later
/// payments) are answered by built-in sandbox endpoints of this server, so development needs no real accounts.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Circula:Sandbox";

    /// <summary>Defaults to true in Development and false elsewhere (set in the module's options registration).</summary>
    public bool Enabled { get; set; }
}
