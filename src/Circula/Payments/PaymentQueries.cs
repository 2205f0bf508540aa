using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

/// <summary>A payment as read back: its refund when there is one, and how the customer's client pays it now.</summary>
public sealed record PaymentRead(Payment Payment, Refund? Refund, ClientPayment Client);

/// <summary>Reading payments: a customer reaches only their own (another customer's is not found); operators any order's, without pay parameters.</summary>
public sealed class PaymentQueries(CirculaDbContext db, IOrderPayments orders, PaymentProviders providers)
{
    /// <summary>The customer's payment with its refund and fresh pay parameters, or null.</summary>
    public async Task<PaymentRead?> GetAsync(long paymentId, UserId customer, CancellationToken ct)
    {
        var payment = await db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && p.CustomerId == customer.Value, ct);
        if (payment is null)
        {
            return null;
        }

        var order = payment.IsLive ? await orders.GetPayableAsync(OrderId.From(payment.OrderId), customer, ct) : null;
        var refund = await db.Set<Refund>().AsNoTracking().FirstOrDefaultAsync(r => r.PaymentId == payment.Id, ct);
        return new PaymentRead(payment, refund, providers.ForClient(payment, order));
    }

    /// <summary>The payments of one of the customer's orders, oldest first, each with its refund; another customer's order is not found.</summary>
    public async Task<Result<List<PaymentRead>>> ListForCustomerAsync(OrderId orderId, UserId customer, CancellationToken ct)
    {
        if (await orders.GetPayableAsync(orderId, customer, ct) is not { } order)
        {
            return DomainError.NotFound("Order");
        }

        return (await PaymentsOfOrderAsync(orderId, ct)).Select(p => p with { Client = providers.ForClient(p.Payment, order) }).ToList();
    }

    /// <summary>Any order's payments with their refunds, for operators (no pay parameters: they are the payer's).</summary>
    public Task<List<PaymentRead>> ListAsync(OrderId orderId, CancellationToken ct) => PaymentsOfOrderAsync(orderId, ct);

    private async Task<List<PaymentRead>> PaymentsOfOrderAsync(OrderId orderId, CancellationToken ct)
    {
        var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.OrderId == orderId.Value).OrderBy(p => p.Id).ToListAsync(ct);
        var ids = payments.Select(p => p.Id).ToList();
        var refunds = await db.Set<Refund>().AsNoTracking().Where(r => ids.Contains(r.PaymentId)).ToListAsync(ct);
        return payments.Select(p => new PaymentRead(p, refunds.FirstOrDefault(r => r.PaymentId == p.Id), ClientPayment.Nothing)).ToList();
    }
}
