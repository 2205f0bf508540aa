using System.Diagnostics.CodeAnalysis;

namespace Circula.Shared.Results;

/// <summary>
/// The answer of a domain operation: a value, or the <see cref="DomainError"/> that refused it. Endpoints turn it into
/// HTTP at the edge (<c>Circula.Shared.Http.ProblemResults</c>); domain code returns it instead of throwing for
/// expected refusals.
/// </summary>
public readonly record struct Result<T>
{
    private Result(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public DomainError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(DomainError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(DomainError error) => Failure(error);

    public Result<TOther> Map<TOther>(Func<T, TOther> map) => IsSuccess ? map(Value) : Error;
}
