using System.Text;

namespace Circula.Ordering;

/// <summary>The order lifecycle as text for the OpenAPI document, generated from the transition table so it cannot drift.</summary>
public static class OrderLifecycleDocument
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("Order lifecycle (every other trigger answers 409 `invalid_transition`):");
        text.AppendLine();
        text.AppendLine("```");
        foreach (var t in OrderStateMachine.Machine.Transitions)
        {
            text.AppendLine($"{t.From,-16} --{t.Trigger}--> {t.To,-16} by {string.Join("/", t.Actors).ToLowerInvariant()}{Effects(t.Effects)}");
        }

        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("Placing an order reserves its stock; an unpaid order is cancelled by the system at `paymentDeadline`. " +
            "Statuses and triggers appear in JSON in camelCase (`pendingPayment`, `requestRefund`).");
        return text.ToString();
    }

    private static string Effects(OrderEffects effects)
    {
        var parts = new List<string>();
        if (effects.HasFlag(OrderEffects.ReleaseReservation))
        {
            parts.Add("stock released");
        }

        if (effects.HasFlag(OrderEffects.CommitReservation))
        {
            parts.Add("stock leaves the warehouse");
        }

        if (effects.HasFlag(OrderEffects.StartAutoCompleteTimer))
        {
            parts.Add("auto-completion scheduled");
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }
}
