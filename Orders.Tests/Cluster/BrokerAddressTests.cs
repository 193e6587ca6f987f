using Orders.ServiceDefaults.Broker;

namespace Orders.Tests.Cluster;

/// <summary><c>ConnectionStrings:RabbitMq</c> with one node or a comma list of a cluster's nodes.</summary>
public sealed class BrokerAddressTests
{
    private static readonly string[] SingleNode = ["127.0.0.1:5672"];
    private static readonly string[] ThreeNodes = ["rabbit-0:5671", "rabbit-1:5671", "[::1]:5673"];

    [Test]
    public void A_single_node_is_the_uri_itself()
    {
        var address = BrokerAddress.Parse("amqp://orders:orders@127.0.0.1:5672/");

        Assert.That(address.Uri, Is.EqualTo(new Uri("amqp://orders:orders@127.0.0.1:5672/")));
        Assert.That(address.Nodes, Is.EqualTo(SingleNode));
        Assert.That(address.IsCluster, Is.False);
    }

    [Test]
    public void A_comma_list_names_every_node_and_connects_first_to_the_first_with_the_same_user_and_virtual_host()
    {
        var address = BrokerAddress.Parse("amqps://app:p%40ss@rabbit-0:5671, rabbit-1,[::1]:5673/orders%2Fprod");

        Assert.That(address.Nodes, Is.EqualTo(ThreeNodes));
        Assert.That(address.IsCluster, Is.True);
        Assert.That(address.Uri.Host, Is.EqualTo("rabbit-0"));
        Assert.That(address.Uri.Port, Is.EqualTo(5671));
        Assert.That(Uri.UnescapeDataString(address.Uri.UserInfo), Is.EqualTo("app:p@ss"));
        Assert.That(address.Uri.AbsolutePath, Is.EqualTo("/orders%2Fprod"));
    }

    [TestCase("http://rabbit:5672/")]
    [TestCase("rabbit:5672")]
    [TestCase("amqp://user:pass@/")]
    public void Anything_else_is_refused_naming_the_setting(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => BrokerAddress.Parse(connectionString));
        Assert.That(error!.Message, Does.StartWith("ConnectionStrings:RabbitMq"));
    }
}
