namespace Orders.Messaging;

internal static class MessagingMarker;
