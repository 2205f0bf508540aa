using Circula.Notifications.DingTalk;
using Circula.Notifications.Feishu;
using Circula.Notifications.Outbound;
using Circula.Notifications.Templates;
using Circula.Ordering.Contracts;
using Circula.Identity.Contracts;
using Circula.Shared.StateMachines;
using System.Net;
using System.Text;

namespace Circula.Tests.Notifications;

/// <summary>The signing rules against the published vectors (protocols.md §4, §5), and safe rendering of event values.</summary>
public sealed class RobotFormatTests
{
    [Theory]
    [InlineData(1716283459, "dGhpcyBpcyBhIGtleQ==", "8EyY+xxfJvzWjZQpdc2mgvQFaG7lF5nbxl7RITyMkJU=")]
    [InlineData(1700000000, "testsecret", "AOc8oJ7//5OlQlfWC3nRL0R+IkuzcD1FKcAyibRK9Q8=")]
    public void Feishu_signatures_match_the_vectors(long timestamp, string secret, string expected) =>
        Assert.Equal(expected, FeishuRobot.Sign(timestamp, secret));

    [Fact]
    public void DingTalk_signatures_match_the_vector_url_encoded() =>
        Assert.Equal("7LVwF0dAF3%2F%2BMRRulbpE4y72Ogzykc6bS2nG4I99T4s%3D", DingTalkRobot.Sign(1700000000000, "SECtestsecret"));

    [Fact]
    public void User_text_cannot_format_link_or_mention()
    {
        const string hostile = "**加粗** [点我](http://evil.example/x) <@all> @all <at user_id=\"all\">所有人</at> <font color=\"warning\">红</font>\n# 标题\n> 引用 `code` ![img](x)";
        var message = NotificationTemplates.All["order.status-changed.v1"].Render(new OrderStatusChanged(OrderId.From(1), "C2026", UserId.From(2), OrderStatus.Paid, OrderStatus.Cancelled,
            Actor.Customer, hostile));

        foreach (var text in new[] { message.Markdown(), message.PlainText() })
        {
            var reason = text.Split('\n').Single(l => l.Contains("原因", StringComparison.Ordinal));
            foreach (var marker in new[] { "**", "[", "](", "<", ">", "@", "://", "`", "#", "!" })
            {
                Assert.DoesNotContain(marker, reason.Replace("> 原因", "", StringComparison.Ordinal), StringComparison.Ordinal);
            }

            Assert.Contains("加粗", reason, StringComparison.Ordinal);
            Assert.Equal(message.Fields.Count + 1, text.Split('\n').Length);
        }
    }

    [Fact]
    public void An_edited_template_cannot_format_link_or_mention_either_with_its_own_text_or_the_events()
    {
        const string hostile = "**加粗** [点我](http://evil.example/x) <@all> @all\n# 标题";
        var edited = new TemplateText("[紧急](https://evil.example) <@all> {headline} **{number}**",
            [new TemplateLine("**原因** @all", "`{reason}` ![x](http://evil.example/y.png)"), new TemplateLine("去向", "{to}")]);
        var message = NotificationTemplates.All["order.status-changed.v1"].Render(new OrderStatusChanged(OrderId.From(1), hostile, UserId.From(2), OrderStatus.Paid,
            OrderStatus.Cancelled, Actor.Customer, hostile), edited);

        Assert.StartsWith("［紧急］（https：//evil.example） ＜＠all＞ 订单已取消 ＊＊＊＊加粗＊＊", message.Title, StringComparison.Ordinal);
        var markdown = message.Markdown().Split('\n');
        Assert.Equal(3, markdown.Length);
        foreach (var line in markdown)
        {
            var content = line.StartsWith("> ", StringComparison.Ordinal) ? line[2..] : line.Trim('*');
            foreach (var marker in new[] { "*", "[", "](", "<", ">", "@", "://", "`", "#", "!" })
            {
                Assert.DoesNotContain(marker, content, StringComparison.Ordinal);
            }
        }

        Assert.Equal("> 去向：已取消", markdown[2]);
    }

    [Fact]
    public void A_line_whose_values_are_all_empty_is_left_out_and_templates_name_only_the_events_values()
    {
        var template = NotificationTemplates.All["order.status-changed.v1"];
        var noReason = template.Render(new OrderStatusChanged(OrderId.From(1), "C2026", UserId.From(2), OrderStatus.PendingPayment, OrderStatus.Paid, Actor.System, null));
        Assert.Equal("订单已支付", noReason.Title);
        var refused = template.Render(new OrderStatusChanged(OrderId.From(1), "C2026", UserId.From(2), OrderStatus.RefundRequested, OrderStatus.Paid, Actor.Operator, "已超过七天"));
        Assert.Equal("退款申请被拒绝", refused.Title);
        Assert.Equal(["订单号", "状态"], noReason.Fields.Select(f => f.Label));
        Assert.Equal("待付款 → 已付款", noReason.Fields[1].Value);

        var errors = new Circula.Shared.FieldErrors();
        TemplateText.Check("新订单 {numbr}", [new TemplateLine("金额", "{amount} {"), new TemplateLine("", "x"), null], NotificationTemplates.All["order.placed.v1"].VariableNames, errors);
        var found = errors.ToDictionary();
        Assert.Contains("{numbr}", found["title"][0], StringComparison.Ordinal);
        Assert.Contains("brace", found["lines[0].value"][0], StringComparison.Ordinal);
        Assert.Equal(new[] { "lines[0].value", "lines[1].label", "lines[2].label", "lines[2].value", "title" }, found.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_default_template_renders_its_sample_and_names_only_its_own_values()
    {
        foreach (var template in NotificationTemplates.All.Values)
        {
            var errors = new Circula.Shared.FieldErrors();
            TemplateText.Check(template.Default.Title, template.Default.Lines, template.VariableNames, errors);
            Assert.False(errors.Any, template.EventType);
            var message = template.Render(template.Sample);
            Assert.NotEmpty(message.Title);
            Assert.DoesNotContain("{", message.Markdown(), StringComparison.Ordinal);
            Assert.Equal(template.EventType, Circula.Shared.Outbox.EventTypes.NameOf(template.Sample.GetType()));
        }
    }

    [Fact]
    public void Long_values_are_cut_and_content_stays_within_the_byte_limit_without_splitting_characters()
    {
        var message = NotificationMessage.Create("标题", Enumerable.Range(0, 40).Select(i => ($"字段{i}", (string?)new string('长', 500))).ToArray());
        Assert.All(message.Fields, f => Assert.Equal(SafeText.MaxLength + 1, f.Value.Length));
        var cut = SafeText.TruncateUtf8(message.Markdown(), 4096);
        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 4096);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', cut);
    }

    [Fact]
    public void Money_is_shown_in_yuan_from_integer_fen() =>
        Assert.Equal(["¥0.05", "¥123.45", "-¥1.00"], new[] { 5L, 12345L, -100L }.Select(NotificationTemplates.Yuan));

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("101.226.129.166", true)]
    [InlineData("2400:da00::6666", true)]
    public void Only_public_addresses_pass_the_guard(string address, bool isPublic) =>
        Assert.Equal(isPublic, TargetGuard.IsPublic(IPAddress.Parse(address)));
}
