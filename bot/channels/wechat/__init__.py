"""WeChat Official Account (公众号): WeChat's calls on our web server in, passive replies, customer-service
and template messages out, over aiohttp; wechatpy for the XML, signatures and safe mode.
May import bot.channels' shared modules, bot.web, handlers/, models/, config/ and wechatpy.
"""
