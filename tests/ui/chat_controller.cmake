# The chat controller with a real history store and a tiny model (what the window cannot
# provoke by itself, such as a full disk).
glm_add_test(tst_chat_controller SOURCES ui/tst_chat_controller.cpp LIBS glm_ui LABELS ui vulkan
             TIMEOUT 300)
