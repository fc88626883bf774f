using System.Net;
using System.Net.Sockets;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>A loopback port nobody listens on right now, for the processes a test starts.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
