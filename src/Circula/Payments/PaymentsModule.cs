using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Outbox;
using Circula.Shared.Http;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Builder;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// Payments: the payment model, customer endpoints, the WeChat Pay and Alipay notify callbacks. Each provider is off
/// unless configured (or a stand-in the host registers plays it, see <see cref="IWeChatPayStandIn"/>).
/// </summary>
public sealed class PaymentsModule : ICirculaModule
{
    /// <summary>Rate-limiter policy for creating payments (each one calls WeChat Pay).</summary>
    public const string CreatePaymentRateLimit = "payments";

    private static readonly PaymentView Example = new("7214567890987654321", "7214567890123456789", Payment.WeChatPay, Payment.Native, "pending", 2590,
        "P7214567890987654321", "weixin://wxpay/bizpayurl?pr=sbxP7214567890987654321", "data:image/png;base64,iVBORw0KGgo…", null, null, new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc), null);

    private static readonly PaymentView RefundedExample = Example with
    {
        Status = "succeeded", CodeUrl = null, SucceededAt = new DateTime(2026, 6, 1, 8, 1, 0, DateTimeKind.Utc),
        Refund = new RefundView("7214567899876543210", "R7214567899876543210", Refund.OrderRefunded, "succeeded", 2590,
            new DateTime(2026, 6, 2, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 2, 9, 0, 5, DateTimeKind.Utc)),
    };

    private static readonly Dictionary<string, string> AlipayNotifyExample = new(StringComparer.Ordinal)
    {
        ["notify_time"] = "2026-06-01 16:00:05", ["notify_type"] = "trade_status_sync", ["notify_id"] = "ac05099524730693a8b330c5ecf72da9786",
        ["app_id"] = "2021000000000001", ["charset"] = "utf-8", ["version"] = "1.0", ["sign_type"] = "RSA2", ["sign"] = "<base64 RSA2 signature>",
        ["trade_no"] = "2026060122001400000000000001", ["out_trade_no"] = "P7214567890987654321", ["trade_status"] = "TRADE_SUCCESS",
        ["total_amount"] = "25.90", ["gmt_payment"] = "2026-06-01 16:00:04",
    };

    public void ConfigureModel(ModelBuilder modelBuilder) => PaymentsModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<WeChatPayOptions>().BindConfiguration(WeChatPayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatPayOptions>, WeChatPayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWeChatPayNonceSource, RandomWeChatPayNonceSource>();

        // Resolved on first use; they throw when WeChat Pay is not enabled.
        services.AddSingleton(sp => WeChatPayCredentials.Load(sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value));
        services.AddSingleton(sp => new WeChatPayRequestSigner(sp.GetRequiredService<WeChatPayCredentials>().Merchant,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IWeChatPayNonceSource>()));
        services.AddSingleton(sp => new WeChatPaySignatureVerifier(sp.GetRequiredService<WeChatPayCredentials>().VerificationKeys,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WeChatPayResourceDecryptor(sp.GetRequiredService<WeChatPayCredentials>().ApiV3Key));
        services.AddSingleton<WeChatPayNotificationReader>();
        services.AddSingleton<WeChatPayEndpoints>();
        services.AddHttpClient<WeChatPayClient>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value.TimeoutSeconds))
            // The client logs status, WeChat Pay's code and Request-ID itself; the default handler logs add nothing.
            .RemoveAllLoggers();
        services.AddScoped<PaymentNotificationProcessor>();
        services.AddScoped<WeChatPayNotificationProcessor>();
        services.AddScoped<WeChatPayRefundNotificationProcessor>();
        services.AddScoped<ProviderRefunds>();
        services.AddOutboxHandler<PaymentSucceededAfterCancel, RefundAfterCancelHandler>();
        services.AddOutboxHandler<OrderStatusChanged, RefundApprovedOrderHandler>();
        services.AddScoped<ProviderCloses>();
        services.AddOutboxHandler<OrderStatusChanged, CloseCancelledOrderHandler>();
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PaymentReconciliation>();
        services.AddWorker<PaymentReconciler>();
        services.AddOptions<PaymentBillOptions>().BindConfiguration(PaymentBillOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IPaymentBillSource, WeChatPayBillSource>();
        services.AddScoped<IPaymentBillSource, AlipayBillSource>();
        services.AddScoped<BillReconciliation>();
        services.AddWorker<BillReconciliationWorker>();
        services.AddAlipay();
        services.AddSingleton<AlipayEndpoints>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/v1/payments").WithTags("Payments").CarriesPrivateData();
        payments.MapPost("/", PaymentEndpoints.Create).WithName("CreatePayment")
            .WithSummary("Start paying my order: provider wechatpay (default; jsapi: wx.requestPayment parameters, native: codeUrl) or alipay (wap/page: payUrl); " +
                "a second call returns the live payment")
            .RequireAuthorization().RequireRateLimiting(CreatePaymentRateLimit)
            .Validate<CreatePaymentRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(new CreatePaymentRequest("7214567890123456789", Payment.Jsapi, Payment.WeChatPay))
            .WithResponseExample(Example, StatusCodes.Status201Created).WithResponseExample(Example);
        payments.MapGet("/{id:long}", PaymentEndpoints.Get).WithName("GetMyPayment").WithSummary("One of my payments with its refund (another customer's is 404)")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(Example);
        payments.MapGet("/", PaymentEndpoints.ListForOrder).WithName("ListMyOrderPayments")
            .WithSummary("The payments of one of my orders (?orderId=), each with its refund: whether and when the money went back")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new List<PaymentView> { RefundedExample });
        app.MapGet("/api/v1/admin/payments", PaymentEndpoints.ListForOrderAsOperator).WithTags("Payments admin").WithName("ListOrderPayments").CarriesPrivateData()
            .WithSummary("Any order's payments (?orderId=) with their refunds: an approved refund's provider status, a failed one to refund by hand")
            .RequireAuthorization(Permissions.OrdersManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new List<PaymentView> { RefundedExample });
        payments.MapPost("/wechatpay/notify", WeChatPayNotify.Handle).WithName("WeChatPayNotify")
            .WithSummary("WeChat Pay's payment callback (called by WeChat Pay, not by clients): 204, or 4xx/5xx {\"code\":\"FAIL\"}")
            .AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);
        payments.MapPost("/wechatpay/refund-notify", WeChatPayNotify.HandleRefund).WithName("WeChatPayRefundNotify")
            .WithSummary("WeChat Pay's refund callback (called by WeChat Pay, not by clients): 204, or 4xx/5xx {\"code\":\"FAIL\"}")
            .AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);

        payments.MapPost("/alipay/notify", AlipayNotify.Handle).WithName("AlipayNotify")
            .WithSummary("Alipay's asynchronous notification (form-encoded, called by Alipay, not by clients): text/plain success, or failure to be retried")
            .AllowAnonymous().DisableAntiforgery()
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").Produces<string>(StatusCodes.Status404NotFound, "text/plain")
            .WithRequestExample(AlipayNotifyExample)
            .WithResponseExample(AlipayNotify.Success).WithResponseExample(AlipayNotify.Failure, StatusCodes.Status404NotFound);

        BillEndpoints.Map(app);
    }
}
