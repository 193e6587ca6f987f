namespace Orders.Workers.Payments;

/// <summary>A transient gateway failure: nothing was charged, and the same request may be tried again.</summary>
public sealed class PaymentGatewayUnavailableException : Exception
{
    public PaymentGatewayUnavailableException()
    {
    }

    public PaymentGatewayUnavailableException(string message)
        : base(message)
    {
    }

    public PaymentGatewayUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
