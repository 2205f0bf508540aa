namespace Circula.Tests.Infrastructure;

/// <summary>The throwaway RabbitMQ node that ./test.sh starts. Tests never skip when it is missing: they fail and say how to run them.</summary>
public static class TestRabbitMq
{
    public const string Variable = "CIRCULA_TEST_RABBITMQ";

    /// <summary>The broker's AMQP URI (amqp://guest:guest@127.0.0.1:PORT/).</summary>
    public static Uri Uri =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? new Uri(value)
            : throw new InvalidOperationException($"{Variable} is not set. Run the tests with ./test.sh, which installs and starts a throwaway RabbitMQ and sets it.");
}
