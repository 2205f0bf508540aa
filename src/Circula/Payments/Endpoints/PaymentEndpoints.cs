using System.Globalization;
using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Payments.Endpoints;

/// <summary>Provider <c>wechatpay</c> (the default) with channel jsapi|native, or <c>alipay</c> with wap|page.</summary>
public sealed record CreatePaymentRequest(string OrderId, string Channel, string? Provider = null)
{
    public const string DefaultProvider = WeChatPayProvider.Name;

    public string ProviderName() => string.IsNullOrEmpty(Provider) ? DefaultProvider : Provider;

    /// <summary>
    /// The one check of the request (422 validation_failed): an order id of digits, a provider and one of its channels as the
    /// registry knows them. A provider this server knows but is not configured for passes here and is answered 503.
    /// </summary>
    public DomainError? Validate(PaymentProviders providers)
    {
        var errors = new FieldErrors();
        if (!long.TryParse(OrderId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add("orderId", "must be an order id (a string of digits).");
        }

        providers.CheckChannel(ProviderName(), Channel, errors);
        return errors.Any ? DomainError.Validation(errors.ToDictionary()) : null;
    }
}

/// <summary>Customer endpoints: start paying an order, read a payment; operators' view of an order's payments; the providers' callbacks.</summary>
public static class PaymentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/v1/payments").WithTags("Payments").CarriesPrivateData();
        payments.MapPost("/", Create).WithName("CreatePayment")
            .WithSummary("Start paying my order: provider wechatpay (default; jsapi: wx.requestPayment parameters, native: codeUrl) or alipay (wap/page: payUrl); " +
                "a second call returns the live payment")
            .RequireAuthorization().RequireRateLimiting(PaymentsModule.CreatePaymentRateLimit)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(new CreatePaymentRequest("7214567890123456789", WeChatPayProvider.Jsapi, WeChatPayProvider.Name))
            .WithResponseExample(PaymentView.Example, StatusCodes.Status201Created).WithResponseExample(PaymentView.Example);
        payments.MapGet("/{id:long}", Get).WithName("GetMyPayment").WithSummary("One of my payments with its refund (another customer's is 404)")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(PaymentView.Example);
        payments.MapGet("/", ListForOrder).WithName("ListMyOrderPayments")
            .WithSummary("The payments of one of my orders (?orderId=), each with its refund: whether and when the money went back")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new List<PaymentView> { PaymentView.RefundedExample });
        app.MapGet("/api/v1/admin/payments", ListForOrderAsOperator).WithTags("Payments admin").WithName("ListOrderPayments").CarriesPrivateData()
            .WithSummary("Any order's payments (?orderId=) with their refunds: an approved refund's provider status, a failed one to refund by hand")
            .RequireAuthorization(Permissions.OrdersManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new List<PaymentView> { PaymentView.RefundedExample });
        WeChatPayNotify.Map(payments);
        WeChatPayRefundNotify.Map(payments);
        WeChatPayTransferNotify.Map(payments);
        AlipayNotify.Map(payments);
    }

    public static async Task<Results<Created<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Create(CreatePaymentRequest request, ClaimsPrincipal user,
        PaymentStart start, PaymentProviders providers, CancellationToken ct)
    {
        if (request.Validate(providers) is { } invalid)
        {
            return invalid.ToProblem();
        }

        var orderId = OrderId.From(long.Parse(request.OrderId, CultureInfo.InvariantCulture));
        var started = await start.StartAsync(UserId.From(user.UserId()), orderId, request.ProviderName(), request.Channel, ct);
        if (!started.IsSuccess)
        {
            return started.Error.ToProblem();
        }

        var (payment, isNew, order) = started.Value;
        var view = PaymentView.From(new PaymentRead(payment, null, providers.ForClient(payment, order)));
        return isNew ? TypedResults.Created($"/api/v1/payments/{payment.Id}", view) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, PaymentQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, UserId.From(user.UserId()), ct) is { } read ? TypedResults.Ok(PaymentView.From(read)) : DomainError.NotFound("Payment").ToProblem();

    /// <summary>The payments of one of my orders, oldest first, each with its refund; another customer's order is 404.</summary>
    public static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrder(long? orderId, ClaimsPrincipal user, PaymentQueries queries,
        CancellationToken ct)
    {
        if (orderId is not { } id)
        {
            return OrderIdRequired();
        }

        return (await queries.ListForCustomerAsync(OrderId.From(id), UserId.From(user.UserId()), ct)).ToOk(reads => reads.Select(PaymentView.From).ToList());
    }

    /// <summary>Any order's payments with their refunds, for operators (no pay parameters: they are the payer's).</summary>
    public static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrderAsOperator(long? orderId, PaymentQueries queries, CancellationToken ct) =>
        orderId is { } id ? TypedResults.Ok((await queries.ListAsync(OrderId.From(id), ct)).Select(PaymentView.From).ToList()) : OrderIdRequired();

    private static ProblemHttpResult OrderIdRequired() => DomainError.Validation("orderId", "is required: the order whose payments to list.").ToProblem();
}
