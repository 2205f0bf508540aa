using Circula.Shared.Results;

namespace Circula.Identity;

/// <summary>Refusals that more than one way of signing in answers with.</summary>
internal static class IdentityErrors
{
    public static DomainError AccountDisabled() => DomainError.Forbidden("account_disabled", "This account is disabled.");
}
