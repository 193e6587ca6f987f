using Npgsql;
using Orders.ServiceDefaults.Broker;
using static Orders.Tests.Deployment.ComposeSystem;
using static Orders.Tests.Deployment.KubernetesManifests;

namespace Orders.Tests.Deployment;

/// <summary>
/// deploy/kubernetes holds against the services as they are: the settings they read, the port they listen on, the health
/// routes they map, the Secrets for what is secret. Parsed only: no cluster runs here.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly (string Workload, string Project)[] Services =
        [("orders-api", "Orders.Api"), ("orders-workers", "Orders.Workers"), ("orders-inventory", "Orders.Inventory")];

    private static readonly string[] MigratorJob = ["orders-migrate"];
    private static readonly string[] RequestedResources = ["cpu", "memory"];
    private static readonly string[] SecretSettings = ["ConnectionStrings:", "Auth:SigningKey"];

    private static KubernetesManifests Manifests => All;

    private static IEnumerable<(KubeWorkload Workload, ServiceProject Project)> Workloads() =>
        Services.Select(service => (Manifests.Deployment(service.Workload), ServiceProject.Load(service.Project)))
            .Append((Manifests.Jobs.Single(job => job.Metadata.Name == "orders-migrate"), ServiceProject.Load("migrations")));

    [Test]
    public void Each_service_is_a_replicated_deployment_and_the_migrator_a_job()
    {
        Assert.That(Manifests.Deployments.Select(deployment => deployment.Metadata.Name), Is.EquivalentTo(Services.Select(service => service.Workload)));
        Assert.That(Manifests.Jobs.Select(job => job.Metadata.Name), Is.EqualTo(MigratorJob));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (workload, _) in Services)
            {
                var deployment = Manifests.Deployment(workload);
                Assert.That(deployment.Spec.Replicas, Is.GreaterThanOrEqualTo(2), $"{workload}: replicas, so that losing one pod loses no service");
                Assert.That(deployment.Spec.Selector.MatchLabels, Is.SubsetOf(deployment.Spec.Template.Metadata.Labels), $"{workload}: its selector selects its pods");
                Assert.That(deployment.Container.Image, Does.StartWith(workload + ":"), workload);
            }
        }
    }

    [Test]
    public void Every_environment_variable_a_container_gets_is_a_setting_its_service_reads()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (workload, project) in Workloads())
            {
                foreach (var (variable, _) in Environment(workload))
                {
                    Assert.That(project.Reads(variable), Is.True, $"{workload.Metadata.Name} gets {variable}, which {project.AssemblyName} does not read");
                }

                var set = Environment(workload).Select(entry => ServiceProject.KeyOf(entry.Variable)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in project.Defaults.Where(setting => setting.Value.Contains("127.0.0.1", StringComparison.Ordinal)
                    || setting.Value.Contains("localhost", StringComparison.OrdinalIgnoreCase)))
                {
                    Assert.That(set, Does.Contain(key), $"{workload.Metadata.Name}: the development default {key} = {value} means nothing in a pod");
                }
            }
        }
    }

    [Test]
    public void Connection_strings_and_the_signing_key_come_from_the_secret_and_everything_else_from_config_maps_that_exist()
    {
        var secretKeys = Manifests.Secrets.SelectMany(secret => secret.StringData.Keys.Select(key => (secret.Metadata.Name, key))).ToHashSet();
        var configKeys = Manifests.ConfigMaps.SelectMany(map => map.Data.Keys.Select(key => (map.Metadata.Name, key))).ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (workload, _) in Workloads())
            {
                var container = workload.Container;
                foreach (var source in container.EnvFrom)
                {
                    Assert.That(source.SecretRef, Is.Null, $"{workload.Metadata.Name}: secrets are named one by one, never all of a Secret");
                    Assert.That(Manifests.ConfigMaps.Select(map => map.Metadata.Name), Does.Contain(source.ConfigMapRef?.Name), workload.Metadata.Name);
                }

                foreach (var variable in container.Env)
                {
                    var secret = SecretSettings.Any(prefix => ServiceProject.KeyOf(variable.Name).StartsWith(prefix, StringComparison.Ordinal));
                    var what = $"{workload.Metadata.Name}: {variable.Name}";
                    Assert.That(variable.Value, Is.Null, $"{what} is set from a ConfigMap or the Secret, not in the Deployment");
                    if (secret)
                    {
                        Assert.That(variable.ValueFrom?.SecretKeyRef, Is.Not.Null, $"{what} is secret");
                    }

                    if (variable.ValueFrom?.SecretKeyRef is { } secretKey)
                    {
                        Assert.That(secretKeys, Does.Contain((secretKey.Name, secretKey.Key)), $"{what}: secret.example.yaml shows that key");
                    }

                    if (variable.ValueFrom?.ConfigMapKeyRef is { } configKey)
                    {
                        Assert.That(configKeys, Does.Contain((configKey.Name, configKey.Key)), what);
                    }
                }
            }

            foreach (var map in Manifests.ConfigMaps)
            {
                Assert.That(map.Data.Keys.Where(key => SecretSettings.Any(prefix => ServiceProject.KeyOf(key).StartsWith(prefix, StringComparison.Ordinal))),
                    Is.Empty, $"{map.Metadata.Name} holds no secret");
            }

            foreach (var value in Manifests.Secrets.SelectMany(secret => secret.StringData.Values))
            {
                Assert.That(value, Does.Contain("CHANGE-ME"), "the committed Secret is an example with placeholders only");
            }
        }
    }

    [Test]
    public async Task Probes_ask_the_health_routes_each_service_maps_on_the_port_it_listens_on()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, folder) in Services)
            {
                var container = Manifests.Deployment(name).Container;
                var project = ServiceProject.Load(folder);
                var routes = await ServiceRoutes.OfAsync(project);
                var environment = Environment(Manifests.Deployment(name)).ToList();
                var port = PortOf(environment.Single(entry => entry.Variable == "Urls").Value);
                var operations = environment.Where(entry => entry.Variable == "Operations__Urls").Select(entry => PortOf(entry.Value)).ToList();
                var http2Only = project.Defaults.GetValueOrDefault("Kestrel:EndpointDefaults:Protocols") == "Http2";

                // Probes speak HTTP/1.1: a service whose own port is HTTP/2 only (h2c) is probed on its operations listener.
                var probed = operations.Count > 0 ? operations.Single() : port;
                Assert.That(container.Ports.Select(p => p.ContainerPort), Is.EquivalentTo(operations.Prepend(port)), $"{name} listens on the ports of Urls and Operations__Urls");
                Assert.That(http2Only && operations.Count == 0, Is.False, $"{name}: an HTTP/2-only service needs an HTTP/1.1 operations listener for its probes");
                Assert.That(container.ReadinessProbe?.HttpGet?.Path, Is.EqualTo("/health/ready"), name);
                Assert.That(container.LivenessProbe?.HttpGet?.Path, Is.EqualTo("/health/live"), name);
                foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }.OfType<KubeProbe>())
                {
                    Assert.That(routes, Does.Contain(probe.HttpGet?.Path), $"{name} maps the route its probe asks");
                    Assert.That(container.PortOf(probe.HttpGet!.Port), Is.EqualTo(probed), $"{name}: the probe's port speaks HTTP/1.1");
                }
            }
        }
    }

    [Test]
    public void Services_reach_their_pods_and_the_addresses_between_services_name_them()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var service in Manifests.Services)
            {
                var deployment = Manifests.Deployments.SingleOrDefault(d => service.Spec.Selector.All(label => d.Spec.Template.Metadata.Labels.GetValueOrDefault(label.Key) == label.Value));
                Assert.That(deployment, Is.Not.Null, $"Service {service.Metadata.Name} selects the pods of one Deployment");
                foreach (var port in service.Spec.Ports)
                {
                    Assert.That(deployment?.Container.PortOf(port.TargetPort), Is.Not.Null, $"Service {service.Metadata.Name}: targetPort {port.TargetPort}");
                }
            }

            foreach (var (workload, _) in Workloads())
            {
                foreach (var (variable, value) in Environment(workload).Where(entry => entry.Variable.EndsWith("__Address", StringComparison.Ordinal)))
                {
                    var target = new Uri(value);
                    var service = Manifests.Services.SingleOrDefault(s => s.Metadata.Name == target.Host);
                    Assert.That(service, Is.Not.Null, $"{workload.Metadata.Name}: {variable} = {value} names a Service");
                    Assert.That(service?.Spec.Ports.Select(p => p.Port), Does.Contain(target.Port), $"{workload.Metadata.Name}: {variable} uses a port of that Service");
                }
            }
        }
    }

    [Test]
    public void Disruption_budgets_keep_a_pod_of_each_service_and_leave_room_to_drain()
    {
        Assert.That(Manifests.DisruptionBudgets, Has.Count.EqualTo(Services.Length));
        using (Assert.EnterMultipleScope())
        {
            foreach (var budget in Manifests.DisruptionBudgets)
            {
                var deployment = Manifests.Deployments.SingleOrDefault(d => budget.Spec.Selector.MatchLabels.All(label => d.Spec.Template.Metadata.Labels.GetValueOrDefault(label.Key) == label.Value));
                Assert.That(deployment, Is.Not.Null, $"{budget.Metadata.Name} selects one Deployment");
                Assert.That(int.TryParse(budget.Spec.MinAvailable, out var minimum), Is.True, $"{budget.Metadata.Name}: minAvailable as a number of pods");
                Assert.That(minimum, Is.InRange(1, (deployment?.Spec.Replicas ?? 1) - 1), $"{budget.Metadata.Name}: at least one pod serves, and a drain can still evict one");
            }
        }
    }

    [Test]
    public void Every_container_requests_cpu_and_memory_and_has_a_memory_limit()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (workload, _) in Workloads())
            {
                var resources = workload.Container.Resources;
                Assert.That(resources.Requests.Keys, Is.SupersetOf(RequestedResources), workload.Metadata.Name);
                Assert.That(resources.Limits.Keys, Does.Contain("memory"), workload.Metadata.Name);
            }
        }
    }

    [Test]
    public void The_broker_is_a_cluster_of_quorum_queues_for_the_api_and_workers()
    {
        var secret = Manifests.Secrets.Single().StringData;
        var broker = BrokerAddress.Parse(secret["ConnectionStrings__RabbitMq"]);
        Assert.That(broker.Nodes, Has.Count.GreaterThanOrEqualTo(3), "the example lists every node of the cluster");
        Assert.That(new NpgsqlConnectionStringBuilder(secret["ConnectionStrings__Workers"]).Host, Is.Not.EqualTo("127.0.0.1"));
        foreach (var name in new[] { "orders-api", "orders-workers" })
        {
            var environment = Environment(Manifests.Deployment(name)).ToDictionary(entry => entry.Variable, entry => entry.Value);
            Assert.That(environment.GetValueOrDefault("Messaging__QueueType"), Is.EqualTo("quorum").IgnoreCase, name);
            Assert.That(environment, Does.ContainKey("ConnectionStrings__RabbitMq"), name);
        }
    }

    /// <summary>Every variable a container gets, with its value as the ConfigMaps and the example Secret give it.</summary>
    private static List<(string Variable, string Value)> Environment(KubeWorkload workload)
    {
        var container = workload.Container;
        var fromMaps = container.EnvFrom
            .Select(source => Manifests.ConfigMaps.SingleOrDefault(map => map.Metadata.Name == source.ConfigMapRef?.Name))
            .OfType<KubeConfigMap>()
            .SelectMany(map => map.Data.Select(entry => (entry.Key, entry.Value)));
        var own = container.Env.Select(variable => (variable.Name, variable.Value ?? Lookup(variable.ValueFrom) ?? ""));
        return fromMaps.Concat(own).ToList();
    }

    private static string? Lookup(KubeEnvSource? source) =>
        source?.ConfigMapKeyRef is { } map
            ? Manifests.ConfigMaps.SingleOrDefault(m => m.Metadata.Name == map.Name)?.Data.GetValueOrDefault(map.Key)
            : source?.SecretKeyRef is { } secret
                ? Manifests.Secrets.SingleOrDefault(s => s.Metadata.Name == secret.Name)?.StringData.GetValueOrDefault(secret.Key)
                : null;
}
