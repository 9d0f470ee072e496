using KamHp.Cli;

namespace KamHp.Tests.Cli;

/// <summary>
/// <see cref="FileIdentity.IsRegularFile"/> decides whether <c>kamhp separate</c> may open an input once more to read
/// its header ahead: never a FIFO (the open blocks, or steals the writer's bytes).
/// </summary>
public sealed class FileIdentityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void IsRegularFile_IsTrueForAFileAndALinkToIt_AndFalseForAFifoAFolderOrNothing()
    {
        string file = _folder.File("song.wav");
        File.WriteAllBytes(file, [1, 2, 3]);
        string link = _folder.File("link.wav");
        File.CreateSymbolicLink(link, file);
        string fifo = _folder.File("pipe.wav");
        KamhpProcess.Tool("mkfifo", fifo);

        Assert.Equal(OperatingSystem.IsLinux(), FileIdentity.IsRegularFile(file));
        Assert.Equal(OperatingSystem.IsLinux(), FileIdentity.IsRegularFile(link));
        Assert.False(FileIdentity.IsRegularFile(fifo));
        Assert.False(FileIdentity.IsRegularFile(_folder.Path));
        Assert.False(FileIdentity.IsRegularFile(_folder.File("missing.wav")));
    }
}
