// Include once, in the one source file of a test program that shows Qt Quick windows.
//
// Qt 6.4's software scene graph keeps the textures of Qt Quick Controls' style images (combo box
// arrow, check mark, ...) in a cache it never frees: a window with only a ComboBox, a CheckBox
// and a Dialog leaks the same way (checked with a 10-line program). These are those allocations,
// nothing else; LeakSanitizer reads them from this function of the program.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
    return "leak:QImageData::create\n"
           "leak:QSGTexture::QSGTexture\n"
           "leak:QPixmap::fromImage\n"
           "leak:libQt6Quick.so\n"
           "leak:QtSharedPointer::ExternalRefCountData::getAndRef\n";
}
#endif
