using System.Runtime.InteropServices;

namespace KamHp.Tests.Vst3.Native;

/// <summary>
/// Host memory that ends exactly at an inaccessible page (mmap + mprotect PROT_NONE), so a plug-in that reads or writes
/// one byte past what the host handed over crashes at once instead of silently corrupting the host. Linux only.
/// </summary>
internal sealed unsafe partial class GuardedMemory : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x22;

    private readonly nint _base;
    private readonly nuint _length;
    private bool _disposed;

    private GuardedMemory(int bytes)
    {
        var page = (nuint)Environment.SystemPageSize;
        var dataPages = Math.Max(1, ((nuint)bytes + page - 1) / page);
        _length = (dataPages + 1) * page;
        _base = Mmap(0, _length, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (_base == -1)
        {
            throw new InvalidOperationException("mmap failed: " + Marshal.GetLastPInvokeError());
        }

        if (Mprotect(_base + (nint)(dataPages * page), page, ProtNone) != 0)
        {
            throw new InvalidOperationException("mprotect failed: " + Marshal.GetLastPInvokeError());
        }

        Pointer = (byte*)_base + (dataPages * page) - bytes;
        GuardPage = (byte*)_base + (dataPages * page);
    }

    /// <summary>The first of the requested bytes; the byte after the last one is inaccessible.</summary>
    public byte* Pointer { get; }

    /// <summary>The inaccessible page right after the block.</summary>
    public byte* GuardPage { get; }

    public static GuardedMemory Allocate(int bytes) => new(bytes);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = Munmap(_base, _length);
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}

/// <summary>Host buffers for hostile-host tests, each block ending at a guard page; freed together.</summary>
internal sealed unsafe class GuardedAllocations : IDisposable
{
    private readonly List<GuardedMemory> _blocks = [];

    /// <summary>Exactly <paramref name="count"/> zeroed elements of <typeparamref name="T"/>.</summary>
    public T* New<T>(int count)
        where T : unmanaged
    {
        var block = GuardedMemory.Allocate(count * sizeof(T));
        _blocks.Add(block);
        return (T*)block.Pointer;
    }

    /// <summary>A page no byte of which may be touched.</summary>
    public T* Forbidden<T>()
        where T : unmanaged
    {
        var block = GuardedMemory.Allocate(1);
        _blocks.Add(block);
        return (T*)block.GuardPage;
    }

    /// <summary>ONE AudioBusBuffers struct with <paramref name="channels"/> channels of exactly <paramref name="samples"/> floats.</summary>
    public AudioBuffers* Bus(int channels, int samples)
    {
        var bus = New<AudioBuffers>(1);
        var pointers = New<nint>(channels);
        for (var c = 0; c < channels; c++)
        {
            pointers[c] = (nint)New<float>(samples);
        }

        bus->NumChannels = channels;
        bus->Channels = (float**)pointers;
        return bus;
    }

    public void Dispose()
    {
        foreach (var block in _blocks)
        {
            block.Dispose();
        }

        _blocks.Clear();
    }
}
