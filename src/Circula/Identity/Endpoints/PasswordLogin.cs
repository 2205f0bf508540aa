using System.Net;
using System.Net.Sockets;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Identity.Endpoints;

/// <summary>Operator and admin sign-in with a password (<see cref="PasswordSignIn"/>), throttled per client address and account.</summary>
public static class PasswordLogin
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(LoginRequest request, HttpContext http, PasswordSignIn signIn, CancellationToken ct) =>
        (await signIn.SignInAsync(request, ThrottledAddress(http.Connection.RemoteIpAddress), ct)).ToOk(tokens => tokens);

    /// <summary>
    /// The client as the throttle counts it: an IPv4 address, or the /64 of an IPv6 one, since one subscriber usually
    /// holds a whole /64 and could otherwise start afresh from each of its addresses.
    /// </summary>
    public static string ThrottledAddress(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
