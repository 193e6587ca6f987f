using static Orders.Tests.Deployment.ComposeSystem;

namespace Orders.Tests.Deployment;

/// <summary>
/// compose.yaml is never run here (no Docker engine), so these tests hold it to the services' real projects,
/// settings and routes instead: a rename on either side fails here, not on somebody's first <c>docker compose up</c>.
/// </summary>
public sealed class ComposeFileTests
{
    private const string OperationsUrls = "Operations__Urls";

    private const string Readiness = "/health/ready";

    [Test]
    public void Compose_runs_postgres_rabbitmq_with_management_the_one_shot_migrator_inventory_two_workers_and_the_api()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Compose.Services.Keys, Is.EquivalentTo((string[])["postgres", "rabbitmq", "migrate", "inventory", "workers", "api"]));
            Assert.That(Compose.Service("postgres").Image, Does.StartWith("postgres:"));
            Assert.That(Compose.Service("rabbitmq").Image, Does.StartWith("rabbitmq:").And.EndWith("-management"), "the management UI is how queues are looked at");
            Assert.That(Compose.Service("migrate").Restart, Is.EqualTo("no"), "the migrator runs once and exits");
            Assert.That(Compose.Service("migrate").Ports, Is.Empty);
            Assert.That(Compose.Service("workers").Deploy?.Replicas, Is.EqualTo(2));
            Assert.That(Compose.Service("workers").Ports, Is.Empty, "replicas cannot share one published host port");
        }
    }

    [Test]
    public void Every_service_built_here_starts_after_the_migrator_has_finished()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service, _) in BuiltServices().Where(built => built.Name != "migrate"))
            {
                Assert.That(service.DependsOn.GetValueOrDefault("migrate")?.Condition, Is.EqualTo("service_completed_successfully"), name);
            }
        }
    }

    [Test]
    public void Services_waited_for_until_healthy_have_a_health_check()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service) in Compose.Services)
            {
                foreach (var (dependency, condition) in service.DependsOn.Where(entry => entry.Value.Condition == "service_healthy"))
                {
                    Assert.That(Compose.Service(dependency).Healthcheck?.Test, Is.Not.Empty, $"{name} waits for {dependency} to be healthy");
                }
            }
        }
    }

    [Test]
    public void Build_arguments_name_an_existing_project_and_its_assembly_and_the_Dockerfile_restores_what_it_needs()
    {
        var dockerfile = Dockerfile.Load();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service, project) in BuiltServices())
            {
                var arguments = service.Build!.Args;
                Assert.That(arguments.Keys, Is.SubsetOf(dockerfile.Arguments), $"{name}: build arguments the Dockerfile declares");
                Assert.That(arguments.GetValueOrDefault("ASSEMBLY", project.Folder), Is.EqualTo(project.AssemblyName),
                    $"{name}: ASSEMBLY (PROJECT when absent) is the assembly {project.ProjectFile} builds");
                foreach (var needed in ProjectClosure(project.ProjectFile))
                {
                    Assert.That(dockerfile.RestoredProjects, Does.Contain(needed), $"{name}: the Dockerfile copies it before `dotnet restore`");
                }
            }
        }
    }

    [Test]
    public void Published_ports_are_the_development_ports_and_lead_to_the_port_compose_sets_in_Urls()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service, project) in BuiltServices().Where(built => built.Service.Ports.Count > 0))
            {
                foreach (var mapping in service.Ports)
                {
                    var (host, container) = Published(mapping);
                    var setting = ListenerOf(service, container);
                    Assert.That(setting, Is.Not.Null, $"{name}: {mapping} leads to the port of Urls or Operations:Urls");
                    if (setting is not null)
                    {
                        Assert.That(host, Is.EqualTo(PortOf(project.Defaults[setting])), $"{name}: the host port is the one of {setting} in {project.Folder}/appsettings.json");
                    }
                }
            }
        }
    }

    [Test]
    public async Task Health_checks_ask_each_service_on_its_port_for_the_readiness_path_it_maps()
    {
        var checkedServices = 0;
        foreach (var (name, service, project) in BuiltServices().Where(built => built.Service.Healthcheck is not null))
        {
            var test = service.Healthcheck!.Test;
            var url = new Uri(test.Last());
            var routes = await ServiceRoutes.OfAsync(project);
            var listener = ListenerOf(service, url.Port);
            var http2Only = listener == "Urls" && project.Defaults.GetValueOrDefault("Kestrel:EndpointDefaults:Protocols") == "Http2";
            using (Assert.EnterMultipleScope())
            {
                Assert.That(test.Take(2), Is.EqualTo((string[])["CMD", "curl"]), $"{name}: curl is the one tool the Dockerfile adds");
                Assert.That(listener, Is.Not.Null, $"{name}: the port of compose's Urls or Operations__Urls");
                Assert.That(listener, Is.EqualTo(service.Environment.ContainsKey(OperationsUrls) ? "Operations:Urls" : "Urls"),
                    $"{name}: the HTTP/1.1 operations listener where there is one");
                Assert.That(url.AbsolutePath, Is.EqualTo(Readiness), $"{name}: ready, not merely alive");
                Assert.That(routes, Does.Contain(url.AbsolutePath), $"{name}: a path {project.AssemblyName} maps");
                Assert.That(test.Contains("--http2-prior-knowledge"), Is.EqualTo(http2Only), $"{name}: h2c exactly when the port speaks HTTP/2 only");
            }

            checkedServices++;
        }

        Assert.That(checkedServices, Is.EqualTo(3), "inventory, workers and api have health checks");
    }

    /// <summary>Which listener setting of <paramref name="service"/> binds container port <paramref name="port"/>, as appsettings names it.</summary>
    private static string? ListenerOf(ComposeService service, int port) =>
        port == PortOf(service.Environment["Urls"]) ? "Urls"
        : service.Environment.TryGetValue(OperationsUrls, out var operations) && port == PortOf(operations) ? "Operations:Urls"
        : null;

    /// <summary>The project file and every project file it references, directly or not.</summary>
    private static HashSet<string> ProjectClosure(string projectFile)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([projectFile]);
        while (pending.TryPop(out var next))
        {
            if (closure.Add(next))
            {
                foreach (var reference in ServiceProject.ReferencesOf(next))
                {
                    pending.Push(reference);
                }
            }
        }

        return closure;
    }
}
