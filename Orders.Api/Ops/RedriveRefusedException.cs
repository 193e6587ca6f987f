namespace Orders.Api.Ops;

/// <summary>The broker did not confirm a redriven copy (unroutable or nacked): the message stays in its error queue.</summary>
public sealed class RedriveRefusedException(string message, Exception inner) : Exception(message, inner);
