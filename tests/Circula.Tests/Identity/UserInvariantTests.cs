using Circula.Identity;
using Circula.Identity.Contracts;

namespace Circula.Tests.Identity;

/// <summary>A user's roles, sign-in state and phone change only through its methods, which refuse what would break it.</summary>
public sealed class UserInvariantTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_user_has_at_least_one_known_role_and_no_repeats()
    {
        var user = User.WithUsername("  Operator ", [Roles.Operator, Roles.Operator], Now);

        Assert.Equal(("operator", "Operator"), (user.Username, user.DisplayName));
        Assert.Equal([Roles.Operator], user.Roles);
        Assert.Throws<ArgumentException>(() => user.ReplaceRoles([]));
        Assert.Throws<ArgumentException>(() => user.ReplaceRoles([Roles.Admin, "root"]));
        Assert.Equal([Roles.Operator], user.Roles);
    }

    [Fact]
    public void A_wechat_sign_in_keeps_the_first_ids_wechat_told_and_adds_the_unionid_later()
    {
        var user = User.WeChatCustomer("微信用户1a2b", "openid-1", unionId: null, Now);

        user.LinkWeChat("openid-2", "union-1");

        Assert.Equal(("openid-1", "union-1"), (user.WeChatOpenId, user.WeChatUnionId));
        Assert.Equal([Roles.Customer], user.Roles);
    }

    [Fact]
    public void A_phone_is_stored_as_ciphertext_and_hash_together()
    {
        var user = User.WithUsername("demo", [Roles.Customer], Now);

        Assert.Throws<ArgumentException>(() => user.SetPhone("cipher", ""));
        Assert.Null(user.PhoneCipher);
        user.SetPhone("cipher", "hash");
        Assert.Equal(("cipher", "hash"), (user.PhoneCipher, user.PhoneHash));
    }
}
