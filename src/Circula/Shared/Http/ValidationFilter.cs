using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Shared.Http;

/// <summary>
/// Checks of a request that its body cannot make alone: a header it must carry, a limit from the module's options. The
/// validation filter runs it after the body's field checks, so a request is still validated in one place. Null lets the
/// request through.
/// </summary>
public interface IRequestValidator<in T> where T : class, IValidatable
{
    ProblemHttpResult? Validate(T body, HttpContext http);
}

/// <summary>Rejects a request whose body fails <see cref="IValidatable.Validate"/> with 422 validation_failed.</summary>
public sealed class ValidationFilter<T> : IEndpointFilter where T : class, IValidatable
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Check(context, out _) ?? await next(context);

    /// <summary>400 without a body, 422 with its field errors; else null and the body.</summary>
    internal static ProblemHttpResult? Check(EndpointFilterInvocationContext context, out T body)
    {
        body = context.Arguments.OfType<T>().FirstOrDefault()!;
        if (body is null)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest,
                "Malformed request", "A JSON request body is required.");
        }

        var errors = new FieldErrors();
        body.Validate(errors);
        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : null;
    }
}

/// <summary>The body's own checks, then <typeparamref name="TValidator"/>'s; the validator is made once per endpoint from the app's services, as filters are.</summary>
public sealed class ValidationFilter<T, TValidator>(IServiceProvider services) : IEndpointFilter
    where T : class, IValidatable
    where TValidator : IRequestValidator<T>
{
    private readonly TValidator _validator = ActivatorUtilities.CreateInstance<TValidator>(services);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        ValidationFilter<T>.Check(context, out var body) ?? _validator.Validate(body, context.HttpContext) ?? await next(context);
}

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> body before the handler runs; documents the 400 and 422 answers.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class, IValidatable =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationAnswers();

    /// <summary>Validates the <typeparamref name="T"/> body, then what <typeparamref name="TValidator"/> checks, before the handler runs.</summary>
    public static RouteHandlerBuilder Validate<T, TValidator>(this RouteHandlerBuilder builder)
        where T : class, IValidatable
        where TValidator : IRequestValidator<T> =>
        builder.AddEndpointFilter<ValidationFilter<T, TValidator>>().ProducesValidationAnswers();

    private static RouteHandlerBuilder ProducesValidationAnswers(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
