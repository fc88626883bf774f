using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Discovery;
using Akka.Event;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Akka discovery over the Kubernetes pod list: <c>GET /api/v1/namespaces/{ns}/pods?labelSelector=...</c> on
/// https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT with the service account's token, the server checked
/// against the service account's CA. Ours rather than Akka.Discovery.KubernetesApi: that package is built against
/// KubernetesClient 17.0.14, and only 19.0.2 restores from our NuGet source, where a changed V1PodList constructor makes
/// every lookup fail with MissingMethodException. The answer is read by <see cref="PodList"/>.
/// Settings (HOCON <c>akka.discovery.evopo-kubernetes</c>): label-selector, port-name, namespace (empty: the service
/// account's), api-token-path, api-ca-path.
/// </summary>
public sealed class KubernetesPodDiscovery : ServiceDiscovery
{
    public const string ConfigPath = "evopo-kubernetes";

    private const string ServiceAccount = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly ILoggingAdapter _log;
    private readonly string _selector;
    private readonly string _portName;
    private readonly string _namespace;
    private readonly string _tokenPath;
    private readonly HttpClient _http;

    public KubernetesPodDiscovery(ExtendedActorSystem system, Akka.Configuration.Config config)
    {
        _log = Logging.GetLogger(system, this);
        _selector = config.GetString("label-selector", DiscoveryOptions.DefaultLabelSelector);
        _portName = config.GetString("port-name", ClusterFormation.ManagementPortName);
        _tokenPath = config.GetString("api-token-path", $"{ServiceAccount}/token");
        var ns = config.GetString("namespace", "");
        var namespaceFile = $"{ServiceAccount}/namespace";
        _namespace = ns.Length > 0 ? ns : File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "default";
        var caPath = config.GetString("api-ca-path", $"{ServiceAccount}/ca.crt");
        var handler = new SocketsHttpHandler();
        if (File.Exists(caPath))
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(authority, certificate, errors);
        }
        _http = new HttpClient(handler);
    }

    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
            throw new InvalidOperationException("Kubernetes discovery needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (set in every pod)");
        // IPv6 service addresses need brackets in a URI.
        var authority = host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"https://{authority}/api/v1/namespaces/{Uri.EscapeDataString(_namespace)}/pods?labelSelector={Uri.EscapeDataString(_selector)}");
        // Read on every lookup: Kubernetes rotates projected service account tokens.
        request.Headers.Authorization = new("Bearer", (await File.ReadAllTextAsync(_tokenPath)).Trim());
        using var timeout = new CancellationTokenSource(resolveTimeout);
        using var response = await _http.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"listing pods in namespace {_namespace} answered {(int)response.StatusCode} {response.ReasonPhrase}" +
                (response.StatusCode == System.Net.HttpStatusCode.Forbidden ? " (the pod's ServiceAccount needs get/list/watch on pods: deploy/k8s/base/discovery-rbac.yaml)" : "") +
                $": {body[..Math.Min(body.Length, 300)]}");
        var targets = PodList.Targets(body, _portName);
        if (targets.Count == 0) _log.Warning("no Running pod with a '{0}' port matches {1} in namespace {2}", _portName, _selector, _namespace);
        return new Resolved(lookup.ServiceName, targets);
    }

    /// <summary>The API server's certificate must chain to the cluster CA (and name the host, which it does for the service IP).</summary>
    private static bool Trusted(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
