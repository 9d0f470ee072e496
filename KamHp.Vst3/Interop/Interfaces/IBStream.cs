namespace KamHp.Vst3.Interop;

/// <summary>Steinberg::IBStream (ibstream.h), the host's state stream. numBytesRead/Written may be null.</summary>
[Vst3Interface("C3BF6EA2-3099-4752-9B6B-F9901EE33E9B")]
internal unsafe interface IBStream : IUnknown
{
    int Read(void* buffer, int numBytes, int* numBytesRead);

    int Write(void* buffer, int numBytes, int* numBytesWritten);

    int Seek(long position, int mode, long* result);

    int Tell(long* position);
}
