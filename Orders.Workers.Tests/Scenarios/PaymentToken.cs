namespace Orders.Workers.Tests.Scenarios;

/// <summary>The simulated gateway's tokens, by the answer they choose.</summary>
public static class PaymentToken
{
    public const string Approved = "tok_visa";
    public const string Declined = "tok_declined";
    public const string NeverAnswers = "tok_timeout";
}
