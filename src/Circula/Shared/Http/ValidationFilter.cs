using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Shared.Http;

/// <summary>Rejects a request whose body fails <see cref="IValidatable.Validate"/> with 422 validation_failed.</summary>
public sealed class ValidationFilter<T> : IEndpointFilter where T : class, IValidatable
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var body = context.Arguments.OfType<T>().FirstOrDefault();
        if (body is null)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest,
                "Malformed request", "A JSON request body is required.");
        }

        var errors = new FieldErrors();
        body.Validate(errors);
        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : await next(context);
    }
}

public static class ValidationEndpointExtensions
{
    /// <summary>Validates the <typeparamref name="T"/> body before the handler runs; documents the 400 and 422 answers.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class, IValidatable =>
        builder.AddEndpointFilter<ValidationFilter<T>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
