namespace Circula.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The clone's top folder (the one holding Circula.slnx), found from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Circula.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Circula.slnx not found above " + AppContext.BaseDirectory);
    }
}
