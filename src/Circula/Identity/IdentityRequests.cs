using Circula.Shared;

namespace Circula.Identity;

/// <summary>Operator and admin sign-in.</summary>
public sealed record LoginRequest(string Username, string Password) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("username", Username, 64, TextKind.Name);
        errors.Required("password", Password, 128);
    }
}

/// <summary>The body of refresh and logout.</summary>
public sealed record RefreshTokenRequest(string RefreshToken) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("refreshToken", RefreshToken, 256);
}

/// <summary>Mini-program sign-in with the code of <c>wx.login()</c>.</summary>
public sealed record WeChatLoginRequest(string Code) : IValidatable
{
    public const int MaxCodeLength = 128;

    public void Validate(FieldErrors errors)
    {
        errors.Required("code", Code, MaxCodeLength);
        if (!string.IsNullOrEmpty(Code) && Code.Length <= MaxCodeLength && !IsWellFormedCode(Code))
        {
            errors.Add("code", "must consist of printable ASCII characters.");
        }
    }

    public static bool IsWellFormedCode(string code) =>
        code.Length is > 0 and <= MaxCodeLength && code.All(c => c is >= '!' and <= '~');
}

public sealed record SetPhoneRequest(string Phone) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Check("phone", Phone);
}

public sealed record AddressRequest(string Name, string Phone, string Province, string City, string District, string Detail, bool IsDefault = false)
    : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.CheckAddress("", Name, Phone, Province, City, District, Detail);
    }
}

public sealed record SetRolesRequest(IReadOnlyList<string> Roles) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Roles is null || Roles.Count == 0)
        {
            errors.Add("roles", "must name at least one role.");
            return;
        }

        for (var i = 0; i < Roles.Count; i++)
        {
            if (!Contracts.Roles.All.Contains(Roles[i], StringComparer.Ordinal))
            {
                errors.Add($"roles[{i}]", $"is not a role; use one of {string.Join(", ", Contracts.Roles.All)}.");
            }
        }
    }
}
